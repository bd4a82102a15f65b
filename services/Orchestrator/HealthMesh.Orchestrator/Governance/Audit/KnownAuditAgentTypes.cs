namespace HealthMesh.Orchestrator.Governance.Audit;

/// <summary>Who acted: a HealthMesh service, a signed-in person, or an operator asking for a replay or retry.</summary>
public static class KnownAuditAgentTypes
{
    /// <summary>The agent is a service name (<see cref="KnownAuditServices"/>).</summary>
    public const string Service = "service";

    /// <summary>The agent is the person's FHIR <c>Practitioner/&lt;id&gt;</c>, or their pseudonymous subject when none is mapped.</summary>
    public const string Person = "person";

    /// <summary>The agent is the operator the request named.</summary>
    public const string Operator = "operator";
}
