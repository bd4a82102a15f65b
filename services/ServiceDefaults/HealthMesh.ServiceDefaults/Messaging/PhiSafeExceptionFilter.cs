using System.Data.Common;
using HealthMesh.ServiceDefaults.Documents;
using MassTransit;

namespace HealthMesh.ServiceDefaults.Messaging;

/// <summary>
/// In a consumer's pipe (so before MassTransit logs the exception or builds the <c>Fault</c>): an exception whose
/// message may quote PHI becomes a <see cref="WithheldMessageException"/>. Exceptions of the types named as PHI-free
/// (the service's own, whose reasons are written without values) and of infrastructure types (cancellation, time-outs,
/// database and HTTP failures, a missing document) pass as they are, so retry policies that ignore them still apply.
/// Add it with <see cref="UsePhiSafeExceptions{TConsumer}"/> in a consumer definition of a consumer that handles PHI.
/// </summary>
public sealed class PhiSafeExceptionFilter<TConsumer>(IReadOnlyList<Type> phiFree) : IFilter<ConsumerConsumeContext<TConsumer>>
    where TConsumer : class
{
    private static readonly Type[] Infrastructure =
        [typeof(OperationCanceledException), typeof(TimeoutException), typeof(DbException), typeof(HttpRequestException), typeof(ClinicalDocumentNotFoundException)];

    public async Task Send(ConsumerConsumeContext<TConsumer> context, IPipe<ConsumerConsumeContext<TConsumer>> next)
    {
        try
        {
            await next.Send(context);
        }
        catch (Exception e) when (!IsPhiFree(e))
        {
            throw WithheldMessageException.For(e);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("phiSafeExceptions");

    // The whole chain counts: MassTransit reports inner exceptions too.
    private bool IsPhiFree(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            var type = e.GetType();
            if (!Infrastructure.Any(t => t.IsAssignableFrom(type)) && !phiFree.Any(t => t.IsAssignableFrom(type)))
            {
                return false;
            }
        }

        return true;
    }
}
