/**
 * The Classroom view, loaded only when opened: it brings the donation path (payload builder, age encryption) and the
 * sample generator, which the dashboard's first render must not pay for.
 */
import { lazyView } from './lazy';

export const ClassroomLazy = lazyView(() => import('./Classroom').then((m) => m.Classroom));
