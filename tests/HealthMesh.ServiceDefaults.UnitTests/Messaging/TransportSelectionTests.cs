using HealthMesh.ServiceDefaults.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.ServiceDefaults.UnitTests.Messaging;

public sealed class TransportSelectionTests
{
    [Fact]
    public void Azure_Service_Bus_fails_at_start_up_and_says_why()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["HealthMesh:Transport:Kind"] = "AzureServiceBus" });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddHealthMeshBus(_ => { }));

        Assert.Contains("not served", error.Message);
        Assert.Contains("RabbitMq", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://localhost:15672")]
    public void RabbitMq_without_an_amqp_address_fails_at_start_up(string? uri)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthMesh:Transport:Kind"] = "RabbitMq",
            ["HealthMesh:Transport:RabbitMqUri"] = uri,
        });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddHealthMeshBus(_ => { }));

        Assert.Contains("RabbitMqUri", error.Message);
    }

    [Fact]
    public void MassTransit_stays_on_the_Apache_licensed_8_5_12()
    {
        var version = typeof(MassTransit.IBus).Assembly.GetName().Version!;

        Assert.Equal(new Version(8, 5, 12), new Version(version.Major, version.Minor, version.Build));
    }
}
