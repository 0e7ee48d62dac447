/** The answers of `/v2/analytics/*` (engine/api/routes/analytics.ts). */

export interface SeriesPoint {
  readonly bucket_start: string;
  readonly bucket_start_ms: number;
  readonly count: number;
  readonly failure_rate: number;
  readonly avg_duration_ms: number | null;
}

export interface WorkflowStats {
  readonly workflow_name: string;
  readonly count: number;
  readonly success_rate: number;
  readonly error_rate: number;
  readonly cancelled_rate: number;
  readonly avg_duration_ms: number | null;
  readonly p50_duration_ms: number | null;
  readonly p95_duration_ms: number | null;
  readonly max_duration_ms: number | null;
  readonly series: readonly SeriesPoint[];
}

export interface WorkflowsAnswer {
  readonly since: string;
  readonly until: string;
  readonly bucket: 'hour' | 'day';
  readonly sampled: boolean;
  readonly workflows: readonly WorkflowStats[];
}

export interface TaskStats {
  readonly name: string;
  readonly count: number;
  readonly avg_duration_ms: number | null;
  readonly p95_duration_ms: number | null;
  readonly avg_wait_ms: number | null;
  readonly failure_rate: number;
  readonly retry_count: number;
  readonly critical_path_count: number;
  readonly critical_path_share: number;
}

export interface TasksAnswer {
  readonly workflow_name: string;
  readonly executions: number;
  readonly sampled: boolean;
  readonly tasks: readonly TaskStats[];
}

export interface SlowestAnswer {
  readonly executions: readonly {
    readonly id: string;
    readonly workflow_name: string;
    readonly state: string;
    readonly started_at: string | null;
    readonly finished_at: string | null;
    readonly duration_ms: number;
  }[];
}

export interface ErrorsAnswer {
  readonly errors: readonly {
    readonly kind: 'workflow' | 'task';
    readonly state_info: string | null;
    readonly count: number;
    readonly workflow_count: number;
    readonly last_seen: string | null;
  }[];
}
