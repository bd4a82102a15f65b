using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.Deidentification.Structured;

/// <summary>
/// Builds the rule engine when the host starts, so a bad profile stops the service at once with a
/// <see cref="Rules.DeidentificationProfileException"/> naming the rule, not at the first message.
/// </summary>
public sealed class ProfileStartupCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<StructuredRuleEngine>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
