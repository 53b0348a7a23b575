import { router } from '../../trpc';
import { getAgentReportProcedure } from './get-agent-report';
import { getLiveProcedure } from './get-live';
import { getReportProcedure } from './get-report';
import { getSettingsProcedure } from './get-settings';
import { setTimeZoneProcedure } from './set-time-zone';

/** I1/I2: Statistics (docs/statistics.md). CSV export: GET /exports/stats.csv (http/stats-export.ts). */
export const statsRouter = router({
  report: getReportProcedure,
  agentReport: getAgentReportProcedure,
  live: getLiveProcedure,
  settings: getSettingsProcedure,
  setTimeZone: setTimeZoneProcedure,
});
