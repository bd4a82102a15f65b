using MassTransit;

namespace HealthMesh.Benchmarks;

public sealed class BenchmarkPingConsumer(LatencyRecorder recorder) : IConsumer<BenchmarkPing>
{
    public Task Consume(ConsumeContext<BenchmarkPing> context)
    {
        recorder.End(context.Message.Id);
        return Task.CompletedTask;
    }
}
