using HealthMesh.ServiceDefaults.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.ServiceDefaults.UnitTests.Messaging;

public sealed class ReceiveEndpointLimitsTests
{
    [Fact]
    public void By_default_an_endpoint_prefetches_what_it_processes_at_once()
    {
        var limits = ReceiveEndpointLimits.For(Bind([]), KnownQueues.DraftClinicalNote, defaultConcurrentMessageLimit: 3);

        Assert.Equal(new ReceiveEndpointLimits(3, 3), limits);
    }

    [Fact]
    public void A_transport_wide_prefetch_applies_to_every_endpoint_without_its_own()
    {
        var transport = Bind(new() { ["HealthMesh:Transport:PrefetchCount"] = "20" });

        Assert.Equal(new ReceiveEndpointLimits(3, 20), ReceiveEndpointLimits.For(transport, KnownQueues.DraftClinicalNote, 3));
    }

    [Fact]
    public void Per_queue_settings_win_and_the_queue_name_is_case_insensitive()
    {
        var transport = Bind(new()
        {
            ["HealthMesh:Transport:PrefetchCount"] = "20",
            ["HealthMesh:Transport:Endpoints:Draft-Clinical-Note:ConcurrentMessageLimit"] = "6",
            ["HealthMesh:Transport:Endpoints:write-back-clinical-note:PrefetchCount"] = "2",
        });

        Assert.Equal(new ReceiveEndpointLimits(6, 20), ReceiveEndpointLimits.For(transport, KnownQueues.DraftClinicalNote, 3));
        Assert.Equal(new ReceiveEndpointLimits(8, 2), ReceiveEndpointLimits.For(transport, KnownQueues.WriteBackClinicalNote, 8));
    }

    [Fact]
    public void Limits_for_a_queue_HealthMesh_does_not_have_fail_at_start_up_naming_the_queues_it_has()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthMesh:Transport:Endpoints:deidentify-context:PrefetchCount"] = "4",
        });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddHealthMeshBus(_ => { }));

        Assert.Contains("deidentify-context", error.Message);
        Assert.Contains(KnownQueues.DeidentifyClinicalContext, error.Message);
    }

    [Theory]
    [InlineData("ConcurrentMessageLimit", "0")]
    [InlineData("PrefetchCount", "0")]
    [InlineData("PrefetchCount", "20000")]
    public void Limits_out_of_range_fail_at_start_up(string setting, string value)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"HealthMesh:Transport:Endpoints:{KnownQueues.WriteBackClinicalNote}:{setting}"] = value,
        });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddHealthMeshBus(_ => { }));

        Assert.Contains(KnownQueues.WriteBackClinicalNote, error.Message);
    }

    private static TransportOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(TransportOptions.SectionName).Get<TransportOptions>()
        ?? new TransportOptions();
}
