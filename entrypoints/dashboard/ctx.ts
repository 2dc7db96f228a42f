/** What the dashboard shell (App.tsx) gives every view: the store, the loaded figures and a few actions. */
import type { Tag } from '../../model/tags';
import type { CoevoDB } from '../../storage/db';
import type { Dataset } from './dataset';
import type { DataKind } from './route';

export interface Ctx {
  db: CoevoDB;
  kind: DataKind;
  data: Dataset | null;
  reload: () => void;
  startSample: () => void;
  /** Every tag (loaded on first use, then kept). */
  allTags: Tag[] | null;
  needTags: () => void;
}
