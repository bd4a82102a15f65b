using HealthMesh.Contracts;
using MassTransit;

namespace HealthMesh.WriteBack.Notes;

public sealed class WriteBackClinicalNoteConsumer(ClinicalNoteWriter writer) : IConsumer<WriteBackClinicalNote>
{
    public async Task Consume(ConsumeContext<WriteBackClinicalNote> context)
    {
        var written = await writer.WriteAsync(context.Message, context.CancellationToken);
        await context.Publish(written, context.CancellationToken);
    }
}
