using HealthMesh.Contracts;
using MassTransit;

namespace HealthMesh.Deidentification.Vault;

/// <summary>Purges a workflow's vault on request (consent withdrawn, or any operator decision); repeats are no-ops.</summary>
public sealed class PurgeReidentificationDataConsumer(ReidentificationVaultPurger purger) : IConsumer<PurgeReidentificationData>
{
    public Task Consume(ConsumeContext<PurgeReidentificationData> context) =>
        purger.PurgeAsync(context.Message.WorkflowId, context.Message.Reason, context.CancellationToken);
}
