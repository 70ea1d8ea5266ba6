import Hummingbird

/// Times and counts every request the router answers, into `ServerMetrics`: the one place requests are recorded.
///
/// A Query API request is labelled with its `Action` and AWS error code (noted by the endpoint in `RequestOutcome`);
/// any other route with its method and route pattern (`GET /_localvpc/health`) and `OK` or its HTTP status.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let outcome = RequestOutcome()
        let started = ContinuousClock.now
        do {
            let response = try await RequestOutcome.$current.withValue(outcome) { try await next(request, context) }
            record(outcome, request: request, context: context, status: response.status, since: started)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            record(outcome, request: request, context: context, status: status, since: started)
            throw error
        }
    }

    private func record(
        _ outcome: RequestOutcome, request: Request, context: Context, status: HTTPResponse.Status, since started: ContinuousClock.Instant
    ) {
        let duration = ContinuousClock.now - started
        if let action = outcome.action {
            metrics.record(action: action, code: outcome.code, duration: duration)
        } else {
            let route = "\(request.method) \(context.endpointPath ?? "unmatched")"
            metrics.record(route: route, code: status.code < 400 ? nil : String(status.code), duration: duration)
        }
    }
}
