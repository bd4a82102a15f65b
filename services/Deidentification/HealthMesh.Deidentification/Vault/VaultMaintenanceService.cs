using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Deidentification.Vault;

/// <summary>
/// Every <see cref="VaultOptions.MaintenanceInterval"/>: purges vaults past <see cref="VaultOptions.Retention"/> that were
/// never written back, and re-encrypts vaults under retired keys. Every statement is idempotent, so instances running it
/// side by side only repeat each other's no-ops.
/// </summary>
internal sealed partial class VaultMaintenanceService(
    ReidentificationVaultPurger purger,
    VaultRewrapper rewrapper,
    IOptions<VaultOptions> options,
    TimeProvider clock,
    ILogger<VaultMaintenanceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MaintenanceInterval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next pass tries again; a database outage must not stop the host. The vault's own errors name
                // workflows and key ids only, never content.
                LogFailed(e.GetType().Name, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await purger.PurgeExpiredAsync(options.Value.Retention, clock.GetUtcNow(), cancellationToken);
        await rewrapper.RewrapAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-identification vault maintenance failed ({Error}: {Reason}); retried at the next interval")]
    private partial void LogFailed(string error, string reason);
}
