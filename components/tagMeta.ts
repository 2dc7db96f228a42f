/** How each tag type is named and explained to a person (strings live in _locales). */
import { TAG_TYPES, type Direction, type TagType } from '../model/tags';
import { t } from './i18n';

const keyOf = (type: TagType) => type.replace(/-/g, '_');

export const tagLabel = (type: TagType) => t(`tag_${keyOf(type)}`);
export const tagHelp = (type: TagType) => t(`tagHelp_${keyOf(type)}`);
export const directionLabel = (d: Direction) => (d === 'assistant→user' ? t('dirAssistantToUser') : t('dirUserToAssistant'));

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
