using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HealthMesh.ServiceDefaults.Ehr;

/// <summary>
/// EHR reachability for readiness: <c>GET [base]/metadata</c>. An unreachable EHR is reported Degraded, not Unhealthy:
/// the service still takes messages and write-back's retries and the operator's replay cover the outage, so probes
/// must not take it out of rotation for it.
/// </summary>
public sealed class EhrHealthCheck(IOptions<EhrOptions> options) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    // Its own client, outside the factory's defaults: a probe answers now rather than after the resilience pipeline's retries.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await Http.GetAsync(new Uri(options.Value.BaseUrl!.ToString().TrimEnd('/') + "/metadata"), timeout.Token);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Degraded($"The EHR answered {(int)response.StatusCode} to GET metadata.");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded($"The EHR is not reachable ({ex.GetType().Name}).");
        }
    }
}
