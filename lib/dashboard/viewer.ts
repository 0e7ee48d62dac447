/** What the page chrome knows about the caller (no secrets): passed from the server layout to the client. */
export interface ViewerInfo {
  readonly mode: 'noauth' | 'keystone';
  readonly userName: string;
  readonly userDomain: string;
  readonly project: { readonly id: string; readonly name: string } | null;
  readonly projects: readonly { readonly id: string; readonly name: string }[];
  readonly roles: readonly string[];
  readonly canWrite: boolean;
}
