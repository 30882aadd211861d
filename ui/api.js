// The one door to the Rust side: every command goes through `call`, every error comes
// back as {code, message} (an Error with .code), and `onStoreChanged` hears about changes
// made here or anywhere else (the CLI, the tray, a sync pass).

const tauri = window.__TAURI__;

export class PunchError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export async function call(command, args = {}) {
  try {
    return await tauri.core.invoke(command, args);
  } catch (e) {
    if (e && typeof e === 'object' && 'code' in e) throw new PunchError(e.code, e.message);
    throw new PunchError('io', String(e));
  }
}

export function on(event, handler) {
  return tauri.event.listen(event, (e) => handler(e.payload));
}

export const onStoreChanged = (handler) => on('store-changed', handler);
export const onShowView = (handler) => on('show-view', handler);
