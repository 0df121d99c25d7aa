// The dashboard's browser entry point.
export {};
