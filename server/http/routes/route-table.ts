/**
 * What each route module returns: its paths and their handlers by method. The app merges the
 * tables in a fixed order (earlier paths win where patterns overlap) and registers each path
 * once, so a path served by two modules (GET /v1/entries reads, POST /v1/entries appends) still
 * gets one 405 handler with the full `Allow` list.
 */
import type { PathHandlers } from '../routing.js';

/** Paths in registration order, each with its handlers. */
export type RouteTable = Record<string, PathHandlers>;
