/**
 * The projector page of a class session (`/present` on the teacher's collector): how many students have joined, and
 * once enough have, one chart per slide of the class's k-anonymous distributions (collector/classroom.ts). Live:
 * server-sent events from /api/class/events. Keyboard like the extension's Present mode: → / PageDown / Space next,
 * ← / PageUp previous, Home / End first and last.
 *
 * The teacher's link carries the admin token in the fragment (#teacher=…), which never reaches the network: the page
 * moves it to sessionStorage and strips it from the address bar at once, so a projected address bar does not show it.
 * Only with it does the page offer "End class", which deletes every contribution.
 */
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { BarController, BarElement, CategoryScale, Chart, LinearScale } from 'chart.js';
import type { ClassFigure, ClassView } from '../classroom';
import type { ClassInfo } from '../classroom-session';
import './present.css';

Chart.register(BarController, BarElement, CategoryScale, LinearScale);

const info = JSON.parse(document.getElementById('class-info')!.textContent!) as ClassInfo;

const TOKEN_KEY = 'coevo-class-teacher';
function teacherToken(): string | null {
  const m = /(?:^#|&)teacher=([0-9a-f]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]!);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

type Ended = { deleted: number; at: string };

function useClass(): { view: ClassView | null; ended: Ended | null; live: boolean } {
  const [view, setView] = useState<ClassView | null>(null);
  const [ended, setEnded] = useState<Ended | null>(null);
  const [live, setLive] = useState(false);
  useEffect(() => {
    const es = new EventSource('/api/class/events');
    es.addEventListener('class', (e) => {
      setView(JSON.parse((e as MessageEvent<string>).data) as ClassView);
      setLive(true);
    });
    es.addEventListener('ended', (e) => {
      setEnded(JSON.parse((e as MessageEvent<string>).data) as Ended);
      es.close();
    });
    es.onerror = () => setLive(false);
    es.onopen = () => setLive(true);
    return () => es.close();
  }, []);
  return { view, ended, live };
}

const COLORS = { bar: '#ffd23f', text: '#ffffff', grid: 'rgba(255,255,255,0.25)' };

function BarChart({ figure }: { figure: Extract<ClassFigure, { shown: true }> }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const labels = figure.bins.map((b) => b.label);
  const data = figure.bins.map((b) => b.students);
  useEffect(() => {
    if (!canvas.current) return;
    if (!chart.current) {
      chart.current = new Chart(canvas.current, {
        type: 'bar',
        data: { labels, datasets: [{ label: 'students', data, backgroundColor: COLORS.bar, borderWidth: 0 }] },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: { duration: 300 },
          events: [],
          scales: {
            x: {
              ticks: { color: COLORS.text, font: { size: 26 } },
              grid: { display: false },
              title: { display: true, text: figure.unit, color: COLORS.text, font: { size: 26 } },
            },
            y: {
              beginAtZero: true,
              ticks: { color: COLORS.text, font: { size: 26 }, precision: 0 },
              grid: { color: COLORS.grid },
              title: { display: true, text: 'students', color: COLORS.text, font: { size: 26 } },
            },
          },
        },
      });
    } else {
      chart.current.data.labels = labels;
      chart.current.data.datasets[0]!.data = data;
      chart.current.update();
    }
  });
  useEffect(() => () => chart.current?.destroy(), []);
  const described = figure.bins.map((b) => `${b.label}: ${b.students} student${b.students === 1 ? '' : 's'}`).join('; ');
  return (
    <div class="chart">
      <canvas ref={canvas} role="img" aria-label={`${figure.question} ${figure.unit}. ${described}.`} />
    </div>
  );
}

function Slide({ figure }: { figure: ClassFigure }) {
  return (
    <section class="slide" aria-labelledby={`q-${figure.id}`}>
      <h2 id={`q-${figure.id}`}>{figure.question}</h2>
      {figure.shown ? (
        <>
          <BarChart figure={figure} />
          <p class="explain">
            {figure.explain} <span class="based">Based on {figure.students} students; no bar shows fewer than the class minimum.</span>
          </p>
          {figure.unvalidated && <p class="caveat">{figure.unvalidated}</p>}
        </>
      ) : (
        <p class="waiting-figure">
          Not enough students have this figure yet ({figure.students}). {figure.reason}
        </p>
      )}
    </section>
  );
}

function EndClass({ token, donors }: { token: string; donors: number }) {
  const [step, setStep] = useState<'idle' | 'confirm' | 'busy' | 'error'>('idle');
  const [error, setError] = useState('');
  const end = async () => {
    setStep('busy');
    try {
      const res = await fetch('/api/class/end', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${res.status}`);
      // The live feed announces the end to every open projector page, this one included.
    } catch (e) {
      setError((e as Error).message);
      setStep('error');
    }
  };
  if (step === 'confirm' || step === 'busy')
    return (
      <div class="end-confirm" role="group" aria-label="End the class">
        <span>Delete all {donors} contributions and end the class?</span>
        <button type="button" class="danger" onClick={end} disabled={step === 'busy'}>
          Yes, end the class
        </button>
        <button type="button" onClick={() => setStep('idle')}>
          Cancel
        </button>
      </div>
    );
  return (
    <div class="end">
      <button type="button" class="danger-outline" onClick={() => setStep('confirm')}>
        End class…
      </button>
      {step === 'error' && <span role="alert">Could not end the class: {error}</span>}
    </div>
  );
}

function App() {
  const { view, ended, live } = useClass();
  const token = useMemo(teacherToken, []);
  const [slide, setSlide] = useState(0);
  const figures = view?.shown ? view.figures : [];
  const n = figures.length;
  const i = n ? Math.min(slide, n - 1) : 0;
  const go = (k: number) => setSlide(Math.max(0, Math.min(n - 1, k)));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLElement && e.target.closest('button') && (e.key === 'Enter' || e.key === ' ')) return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ') go(i + 1);
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') go(i - 1);
      else if (e.key === 'Home') go(0);
      else if (e.key === 'End') go(n - 1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const donors = view?.donors ?? 0;
  return (
    <div class="page">
      <header class="top">
        <div class="title">
          <h1>{info.title}</h1>
          {!ended && (
            <p class="join">
              Join in Coevo: <strong>Classroom → Join</strong> with the class code <strong class="code">{info.code ?? info.join}</strong>
              {info.code && <span class="addr"> (or the address {info.join})</span>}
            </p>
          )}
        </div>
        <div class="counts" aria-live="polite">
          <p class="joined">
            <span class="big" data-testid="joined">
              {ended ? 0 : donors}
            </span>{' '}
            {donors === 1 ? 'student has' : 'students have'} joined
          </p>
          {view?.shown && (
            <p class="sample" data-testid="sample">
              {view.sample} of them with sample data
            </p>
          )}
          {!live && !ended && <p class="offline">reconnecting…</p>}
        </div>
      </header>

      <main>
        {ended ? (
          <div class="ended" role="status">
            <h2>The class has ended</h2>
            <p>
              All {ended.deleted} contribution{ended.deleted === 1 ? ' was' : 's were'} deleted from this laptop's collector.
            </p>
          </div>
        ) : !view ? (
          <p class="waiting">Connecting…</p>
        ) : !view.shown ? (
          <div class="waiting" data-testid="waiting">
            <p>Charts appear when {view.threshold} students have joined.</p>
            <p class="small">
              Nobody's own figures are ever shown: only how many students fall in each range, and only ranges with at least {view.threshold} students.
            </p>
          </div>
        ) : (
          <>
            <Slide figure={figures[i]!} key={figures[i]!.id} />
            <nav class="nav" aria-label="Charts">
              <button type="button" onClick={() => go(i - 1)} disabled={i === 0} aria-label="Previous chart">
                ← Previous
              </button>
              <span aria-live="polite" data-testid="counter">
                Chart {i + 1} of {n}
              </span>
              <button type="button" onClick={() => go(i + 1)} disabled={i === n - 1} aria-label="Next chart">
                Next →
              </button>
            </nav>
          </>
        )}
      </main>
      {token && !ended && <EndClass token={token} donors={donors} />}
    </div>
  );
}

render(<App />, document.getElementById('app')!);
