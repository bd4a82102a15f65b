using HealthMesh.Inference.Batching;
using HealthMesh.Inference.Models;
using HealthMesh.Inference.Tasks;
using HealthMesh.Inference.UnitTests.TestModels;

namespace HealthMesh.Inference.UnitTests.Batching;

public sealed class MicroBatchingTests : IDisposable
{
    private readonly ModelFolders _folders = new();

    [Theory]
    [InlineData(ModelTask.SequenceClassification)]
    [InlineData(ModelTask.TokenClassification)]
    public async Task Concurrent_requests_share_batches_and_get_exactly_their_unbatched_results(ModelTask task)
    {
        var name = $"batched-{task}-{Guid.NewGuid():N}";
        var bytes = task == ModelTask.SequenceClassification ? TinyModels.SequenceClassification(3) : TinyModels.TokenClassification(4);
        var labels = task == ModelTask.SequenceClassification ? TinyModels.SequenceLabels : TinyModels.TokenLabels;
        var folder = TinyModels.WriteFolder(_folders.Root, name, bytes, TinyModels.Manifest(task, "logits", labels, maxLength: 64));
        using var batchSizes = new MeasurementRecorder<int>("healthmesh.inference.batch.size", name);
        await using var model = ModelFolders.Loader(ModelFolders.Options(o => { o.MaxBatchSize = 8; o.MaxBatchWaitMilliseconds = 50; })).Load(name, folder);
        var words = TinyModels.Vocabulary[5..];
        var random = new Random(7);
        var texts = Enumerable.Range(0, 96).Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(1, 40)).Select(_ => words[random.Next(words.Length)]))).ToList();
        var encoded = texts.Select(model.Encode).ToList();

        var alone = encoded.Select(e => model.RunBatch([e])[0]).ToList();
        var aloneRuns = batchSizes.Values.Count;
        var batched = await Task.WhenAll(encoded.Select(e => Task.Run(() => model.RunAsync(e, CancellationToken.None))));

        for (var i = 0; i < texts.Count; i++)
        {
            Assert.Equal((alone[i].Rows, alone[i].Columns), (batched[i].Rows, batched[i].Columns));
            // MLAS picks another kernel for a 1-row and an 8-row product, which may move the last bit of a float;
            // anything beyond that (a padding leak, a row handed to the wrong caller) is orders of magnitude larger.
            Assert.Equal(alone[i].Values, batched[i].Values, (a, b) => MathF.Abs(a - b) <= 1e-6f);
            for (var r = 0; r < alone[i].Rows; r++)
            {
                Assert.Equal(Softmax.ArgMax(alone[i].Row(r)), Softmax.ArgMax(batched[i].Row(r)));
            }
        }

        var batchedRuns = batchSizes.Values.Count - aloneRuns;
        Assert.True(batchedRuns < texts.Count / 2, $"{texts.Count} concurrent requests took {batchedRuns} runs; micro-batching should have grouped them.");
        Assert.All(batchSizes.Values, size => Assert.InRange(size, 1, 8));
    }

    [Fact]
    public async Task A_batch_holds_one_bucket_at_most_max_batch_size_and_every_caller_gets_its_own_result()
    {
        var seen = new System.Collections.Concurrent.ConcurrentBag<int[]>();
        await using var batcher = new MicroBatcher<int, string>(
            (batch, _) =>
            {
                seen.Add([.. batch]);
                return [.. batch.Select(i => $"r{i}")];
            },
            i => i % 3,
            new MicroBatchingOptions(4, TimeSpan.FromMilliseconds(30), 1));

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => batcher.RunAsync(i, CancellationToken.None)));

        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"r{i}"), results);
        Assert.All(seen, batch => Assert.InRange(batch.Length, 1, 4));
        Assert.All(seen, batch => Assert.Single(batch.Select(i => i % 3).Distinct()));
        Assert.Equal(40, seen.Sum(b => b.Length));
        Assert.Contains(seen, b => b.Length > 1);
    }

    [Fact]
    public async Task A_failing_batch_fails_only_its_own_callers_with_the_error()
    {
        await using var batcher = new MicroBatcher<int, int>(
            (batch, _) => batch.Any(i => i < 0) ? throw new InvalidOperationException("bad batch") : [.. batch],
            i => i < 0 ? 0 : 1,
            new MicroBatchingOptions(8, TimeSpan.FromMilliseconds(20), 1));

        var bad = batcher.RunAsync(-1, CancellationToken.None);
        var good = batcher.RunAsync(5, CancellationToken.None);

        Assert.Equal("bad batch", (await Assert.ThrowsAsync<InvalidOperationException>(() => bad)).Message);
        Assert.Equal(5, await good);
    }

    [Fact]
    public async Task A_cancelled_caller_stops_waiting()
    {
        using var release = new ManualResetEventSlim();
        await using var batcher = new MicroBatcher<int, int>(
            (batch, _) =>
            {
                release.Wait(TimeSpan.FromSeconds(10));
                return [.. batch];
            },
            _ => 0,
            new MicroBatchingOptions(1, TimeSpan.Zero, 1));
        using var cancel = new CancellationTokenSource();

        var first = batcher.RunAsync(1, CancellationToken.None);
        var second = batcher.RunAsync(2, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        release.Set();
        Assert.Equal(1, await first);
    }

    public void Dispose() => _folders.Dispose();
}
