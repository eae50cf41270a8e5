import { widgetSuite } from './support/widget-suite';

widgetSuite('fake');
