namespace HealthMesh.IntegrationTests.Distributed;

/// <summary>
/// Distributed tests run one at a time: each starts six processes on a two-core machine, and the broker-restart test
/// stops the one RabbitMQ every other test on the machine shares.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DistributedCollection
{
    public const string Name = "Distributed";
}
