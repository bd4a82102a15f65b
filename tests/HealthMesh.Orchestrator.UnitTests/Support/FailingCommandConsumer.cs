using MassTransit;

namespace HealthMesh.Orchestrator.UnitTests.Support;

/// <summary>Stands in for a downstream service whose step fails, so the saga sees a real MassTransit <c>Fault&lt;T&gt;</c>.</summary>
public sealed class FailingCommandConsumer<T> : IConsumer<T>
    where T : class
{
    public const string Reason = "downstream step unavailable";

    public Task Consume(ConsumeContext<T> context) => throw new InvalidOperationException(Reason);
}
