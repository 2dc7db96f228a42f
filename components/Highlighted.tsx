/** Message text with highlighted spans, built from text nodes only (captured text is never parsed as HTML). */
import { splitBySpans } from './highlight';

export function Highlighted({ text, spans }: { text: string; spans?: readonly (readonly [number, number])[] }) {
  const pieces = splitBySpans(text, spans);
  return <>{pieces.map((p) => (p.mark ? <mark>{p.text}</mark> : p.text))}</>;
}
