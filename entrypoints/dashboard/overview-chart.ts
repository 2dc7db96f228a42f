/** One chart of the overview (and of presentation mode): the question it answers, its caption and its spec. */
import type { ChartSpec } from '../../components/ChartCard';

export interface OverviewChart {
  id: string;
  question: string;
  caption: string;
  spec: ChartSpec;
}
