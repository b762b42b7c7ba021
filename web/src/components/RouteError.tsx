import { isRouteErrorResponse, useRouteError } from 'react-router-dom';
import { FullPageError } from './FullPage';

export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? new Error(`${error.status} ${error.statusText}`) : error;
  return <FullPageError error={message} onRetry={() => window.location.reload()} />;
}
