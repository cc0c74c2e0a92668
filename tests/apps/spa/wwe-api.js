// Stands in for a library an app loads from the root of its origin.
window.wweApiLoaded = true;
