/** Dashboard entry (unlisted extension page `dashboard.html`): mounts the Preact app. */
import { render } from 'preact';
import '../../components/theme.css';
import './dashboard.css';
import { App } from './App';

performance.mark('coevo-dashboard-start');
render(<App />, document.getElementById('app')!);
