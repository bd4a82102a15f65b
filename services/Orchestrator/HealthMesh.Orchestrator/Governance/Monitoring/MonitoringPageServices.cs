namespace HealthMesh.Orchestrator.Governance.Monitoring;

public sealed record MonitoringPageServices(MonitoringService Monitoring, CancellationToken CancellationToken);
