using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HealthMesh.EhrSandbox.Seeding;

/// <summary>Seeds the sample cases at start when <see cref="EhrSandboxOptions.SeedOnStart"/> is set, before requests are served.</summary>
internal sealed class SeedOnStartService(EhrSandboxSeeder seeder, IOptions<EhrSandboxOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SeedOnStart)
        {
            await seeder.SeedAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
