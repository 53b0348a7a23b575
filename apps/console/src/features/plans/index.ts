// The plans feature's public face (J6): the Pro page and the shell's usage banner.
export { ProPage } from './components/pro-page';
export { UsageBanner } from './components/usage-banner';
