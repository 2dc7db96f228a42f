/** Colours: one per assistant site and per influence direction, readable on light and dark backgrounds. */
import type { SiteId } from '../model/types';
import type { Direction } from '../model/tags';

export const SITE_COLORS: Record<SiteId, string> = {
  chatgpt: '#10a37f',
  claude: '#d97757',
  gemini: '#4f7df3',
  copilot: '#a05cd6',
  perplexity: '#20a0b0',
  deepseek: '#4d6bfe',
  grok: '#8a8a8a',
  mistral: '#f08a24',
  poe: '#7b61ff',
  huggingchat: '#e6b800',
  metaai: '#0a84ff',
};

export const DIRECTION_COLORS: Record<Direction, string> = {
  'assistant→user': '#d9534f',
  'user→assistant': '#2a9d8f',
};

/** A CSS custom property's value on the root element (theme-aware chart colours). */
export function cssVar(name: string, fallback: string): string {
  if (typeof document === 'undefined') return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}
