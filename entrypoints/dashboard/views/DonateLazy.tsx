/**
 * The Donate view, loaded only when opened: it brings the payload builder (the analysis engine), redaction and age
 * encryption, which the dashboard's first render must not pay for.
 */
import { lazyView } from './lazy';

export const DonateLazy = lazyView(() => import('./Donate').then((m) => m.Donate));
