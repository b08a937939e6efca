// Preloaded with --require into a child process: it then reports Node v20.20.2, as an older
// Node that a user runs by hand would, so the version warning can be tested on any machine.
Object.defineProperty(process, 'version', { value: 'v20.20.2' });
