// Exceptions in the widget's own handlers never disappear: each is reported to Python as a
// "front-end-error" message (scapi_widget/sync/view_messages.py), which shows it in the notebook as a
// FrontEndWarning, and is logged in the browser's console. The handler that failed carries on
// with its next message.

/** The text of an exception, short enough for one message. */
export function errorText(error) {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 500);
}

/**
 * `report(where, error)` tells Python; `guard(where, fn)` runs `fn()` and reports what it throws
 * (returning undefined then). `where` says what was being done, e.g. "drawing the desktop".
 */
export function errorReporter(send, viewId) {
  const report = (where, error) => {
    console.error(`scapi-widget: ${where} failed`, error);
    try {
      send({ kind: "front-end-error", view: viewId, where, error: errorText(error) });
    } catch (sendError) {
      console.error("scapi-widget: the report could not be sent", sendError);
    }
  };
  const guard = (where, fn) => {
    try {
      return fn();
    } catch (error) {
      report(where, error);
      return undefined;
    }
  };
  return { report, guard };
}
