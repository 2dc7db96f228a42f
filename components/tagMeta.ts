/** How each tag type is named and explained to a person (strings live in _locales). */
import { TAG_TYPES, type Direction, type TagType } from '../model/tags';
import { t } from './i18n';

const keyOf = (type: TagType) => type.replace(/-/g, '_');

export const tagLabel = (type: TagType) => t(`tag_${keyOf(type)}`);
export const tagHelp = (type: TagType) => t(`tagHelp_${keyOf(type)}`);
export const directionLabel = (d: Direction) => (d === 'assistant→user' ? t('dirAssistantToUser') : t('dirUserToAssistant'));

/** The direction of influence each tag type records (as the taggers set it), for counts that come without tags. */
export const TYPE_DIRECTION: Record<TagType, Direction> = {
  'term-uptake': 'assistant→user',
  'quoted-assistant': 'assistant→user',
  'ai-vocabulary-rise': 'assistant→user',
  'style-convergence': 'assistant→user',
  'user-concession': 'assistant→user',
  'opinion-shift': 'assistant→user',
  'user-pushback': 'user→assistant',
  'assistant-capitulation': 'user→assistant',
  'assistant-held-position': 'user→assistant',
  delegation: 'user→assistant',
};

/** Tag types in the order the UI lists them: assistant→user influence first, then user→assistant. */
export const TAG_ORDER: readonly TagType[] = TAG_TYPES;

/** The term a tag is about, when it names one (term-uptake, quoted-assistant, ai-vocabulary-rise). */
export function tagTerm(data: Record<string, unknown> | undefined): string | undefined {
  if (!data) return undefined;
  for (const k of ['term', 'word', 'phrase']) if (typeof data[k] === 'string' && data[k]) return data[k] as string;
  for (const k of ['terms', 'words']) {
    const v = data[k];
    if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  }
  return undefined;
}
