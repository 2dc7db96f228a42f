/** Popup entry: mounts the Preact app. */
import { render } from 'preact';
import '../../components/theme.css';
import './popup.css';
import { Popup } from './Popup';

document.title = 'Coevo';
render(<Popup />, document.getElementById('app')!);
