namespace HealthMesh.ServiceDefaults.Messaging;

public enum TransportKind
{
    /// <summary>MassTransit's in-memory transport: the embedded all-in-one default. Not durable across restarts.</summary>
    InMemory,

    RabbitMq,

    /// <summary>Recognised so that choosing it fails clearly: its client packages are not served to this build.</summary>
    AzureServiceBus,
}
