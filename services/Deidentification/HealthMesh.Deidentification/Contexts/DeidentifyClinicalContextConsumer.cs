using HealthMesh.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Deidentification.Contexts;

public sealed partial class DeidentifyClinicalContextConsumer(
    ClinicalContextDeidentificationService service,
    ILogger<DeidentifyClinicalContextConsumer> logger) : IConsumer<DeidentifyClinicalContext>
{
    public async Task Consume(ConsumeContext<DeidentifyClinicalContext> context)
    {
        var command = context.Message;
        var result = await service.DeidentifyAsync(command.WorkflowId, command.ContextReference, context.CancellationToken);
        LogDeidentified(command.WorkflowId, result.IdentifiersReplaced, string.Join(", ", result.Audit.Counts.Select(c => $"{c.Kind}/{c.Method}={c.Count}")));
        await context.Publish(new ClinicalContextDeidentified(command.WorkflowId, result.DeidentifiedContextReference, result.IdentifiersReplaced, result.PatientGroup));
    }

    // Counts by kind and method only (e.g. "name/substitute=3"): never a value.
    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId}: context de-identified, {Replaced} values replaced ({Audit})")]
    private partial void LogDeidentified(Guid workflowId, int replaced, string audit);
}
