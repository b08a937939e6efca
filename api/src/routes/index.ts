import { chainRoutes } from './chain-routes';
import { materialRoutes } from './material-routes';
import { messageRoutes } from './message-routes';
import { queryRoutes } from './query-routes';
import { registryRoutes } from './registry-routes';
import type { ApiRoute, RouteSpec } from './route-definition';
import { SERVICE_SPECS } from './service-specs';

/** Every operation the port serves. */
export const API_ROUTES: readonly ApiRoute[] = [
    ...registryRoutes,
    ...materialRoutes,
    ...messageRoutes,
    ...queryRoutes,
    ...chainRoutes,
];

/** Every route the OpenAPI document describes: the operations and the service's own. */
export const ALL_SPECS: readonly RouteSpec[] = [...API_ROUTES.map((route) => route.spec), ...SERVICE_SPECS];

export type { ApiRoute, RouteSpec } from './route-definition';
