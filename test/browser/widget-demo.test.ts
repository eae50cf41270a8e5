import { widgetSuite } from './support/widget-suite';

// The real stack of `npm start`: Bitrix24 emulator, Kvota server on SQLite with the engine, the demo plan.
widgetSuite('demo');
