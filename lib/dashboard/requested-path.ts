/** The request header proxy.ts sets to the page address asked for (without the base path). */
export const REQUESTED_PATH_HEADER = 'x-convection-path';
