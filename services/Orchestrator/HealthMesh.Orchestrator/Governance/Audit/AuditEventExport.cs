using System.Globalization;
using Hl7.Fhir.Model;

namespace HealthMesh.Orchestrator.Governance.Audit;

/// <summary>
/// The trail as FHIR R4 <c>AuditEvent</c> resources in a <c>collection</c> Bundle. Type is DICOM "Patient Record"
/// (workflow actions) or "Application Activity" (operator replays and retries); subtype is the HealthMesh action plus
/// its ISO 21089 lifecycle event where one fits; agents are the service (data processor), the reviewer's Practitioner
/// or the operator (human user, requestor); entities are the workflow (with the chain's sequence and hashes, so an
/// export can be re-verified offline) and the EHR resources the action concerned, by reference only.
/// </summary>
public static class AuditEventExport
{
    public const string ActionSystem = "https://healthmesh.dev/fhir/CodeSystem/audit-action";
    public const string ServiceSystem = "https://healthmesh.dev/fhir/sid/service";
    public const string EngineSystem = "https://healthmesh.dev/fhir/sid/note-engine";
    public const string SubjectSystem = "https://healthmesh.dev/fhir/sid/reviewer-subject";
    public const string OperatorSystem = "https://healthmesh.dev/fhir/sid/operator";
    public const string DicomSystem = "http://dicom.nema.org/resources/ontology/DCM";
    public const string LifecycleSystem = "http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle";
    public const string SecurityRoleSystem = "http://terminology.hl7.org/CodeSystem/extra-security-role-type";

    private static readonly Dictionary<string, (AuditEvent.AuditEventAction Action, string? Lifecycle)> Actions = new()
    {
        [KnownAuditActions.Accepted] = (AuditEvent.AuditEventAction.C, "receive"),
        [KnownAuditActions.Deidentified] = (AuditEvent.AuditEventAction.E, "deidentify"),
        [KnownAuditActions.Drafted] = (AuditEvent.AuditEventAction.C, "originate"),
        [KnownAuditActions.Viewed] = (AuditEvent.AuditEventAction.R, "access"),
        [KnownAuditActions.Edited] = (AuditEvent.AuditEventAction.U, "amend"),
        [KnownAuditActions.Approved] = (AuditEvent.AuditEventAction.U, "attest"),
        [KnownAuditActions.Rejected] = (AuditEvent.AuditEventAction.E, null),
        [KnownAuditActions.RegenerationRequested] = (AuditEvent.AuditEventAction.E, null),
        [KnownAuditActions.Reidentified] = (AuditEvent.AuditEventAction.E, "reidentify"),
        [KnownAuditActions.WrittenBack] = (AuditEvent.AuditEventAction.C, "transmit"),
        [KnownAuditActions.Replayed] = (AuditEvent.AuditEventAction.E, null),
        [KnownAuditActions.Retried] = (AuditEvent.AuditEventAction.E, null),
    };

    private static readonly HashSet<string> ReferenceDetails =
    [
        KnownAuditDetails.Source, KnownAuditDetails.SourceSystem, KnownAuditDetails.DocumentReference,
        KnownAuditDetails.Composition, KnownAuditDetails.Provenance,
    ];

    public static Bundle ToBundle(IEnumerable<AuditRecord> records, DateTimeOffset exportedAt) => new()
    {
        Type = Bundle.BundleType.Collection,
        Timestamp = exportedAt,
        Entry = [.. records.Select(r => new Bundle.EntryComponent { FullUrl = $"urn:uuid:{RecordUuid(r)}", Resource = ToAuditEvent(r) })],
    };

    public static AuditEvent ToAuditEvent(AuditRecord record)
    {
        var (action, lifecycle) = Actions.TryGetValue(record.Action, out var known) ? known : (AuditEvent.AuditEventAction.E, null);
        var operatorRequest = record.Action is KnownAuditActions.Replayed or KnownAuditActions.Retried;
        var audit = new AuditEvent
        {
            Id = $"hm-audit-{record.Sequence.ToString(CultureInfo.InvariantCulture)}",
            Type = operatorRequest ? new Coding(DicomSystem, "110100", "Application Activity") : new Coding(DicomSystem, "110110", "Patient Record"),
            Subtype = [new Coding(ActionSystem, record.Action, record.Action)],
            Action = action,
            Recorded = record.RecordedAt,
            Outcome = record.Outcome == KnownAuditOutcomes.Success ? AuditEvent.AuditEventOutcome.N0 : AuditEvent.AuditEventOutcome.N8,
            OutcomeDesc = record.Detail.TryGetValue(KnownAuditDetails.ExceptionType, out var exceptionType) ? $"Faulted with {exceptionType}." : null,
            Agent = [.. Agents(record)],
            Source = new AuditEvent.SourceComponent
            {
                Site = "HealthMesh",
                Observer = new ResourceReference { Identifier = new Identifier(ServiceSystem, "orchestrator"), Display = "HealthMesh Orchestrator" },
                Type = [new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server")],
            },
            Entity = [.. Entities(record)],
        };
        if (lifecycle is not null)
        {
            audit.Subtype.Add(new Coding(LifecycleSystem, lifecycle));
        }

        return audit;
    }

    private static IEnumerable<AuditEvent.AgentComponent> Agents(AuditRecord record)
    {
        switch (record.AgentType)
        {
            case KnownAuditAgentTypes.Person:
                yield return new AuditEvent.AgentComponent
                {
                    Type = new CodeableConcept(SecurityRoleSystem, "humanuser", "human user"),
                    Who = record.Agent.StartsWith("Practitioner/", StringComparison.Ordinal)
                        ? new ResourceReference(record.Agent)
                        : new ResourceReference { Identifier = new Identifier(SubjectSystem, record.Agent) },
                    AltId = record.AgentSubject,
                    Requestor = true,
                };
                break;
            case KnownAuditAgentTypes.Operator:
                yield return new AuditEvent.AgentComponent
                {
                    Type = new CodeableConcept(SecurityRoleSystem, "humanuser", "human user"),
                    Who = new ResourceReference { Identifier = new Identifier(OperatorSystem, record.Agent) },
                    AltId = record.AgentSubject,
                    Requestor = true,
                };
                break;
            default:
                yield return new AuditEvent.AgentComponent
                {
                    Type = new CodeableConcept(SecurityRoleSystem, "dataprocessor", "data processor"),
                    Who = new ResourceReference { Identifier = new Identifier(ServiceSystem, record.Agent), Display = $"HealthMesh {record.Agent}" },
                    Requestor = false,
                };
                break;
        }

        if (record.Detail.TryGetValue(KnownAuditDetails.Engine, out var engine))
        {
            var version = record.Detail.GetValueOrDefault(KnownAuditDetails.EngineVersion, "unknown");
            yield return new AuditEvent.AgentComponent
            {
                Type = new CodeableConcept(DicomSystem, "110150", "Application"),
                Who = new ResourceReference { Identifier = new Identifier(EngineSystem, $"{engine}|{version}"), Display = $"{engine} {version}" },
                Name = $"{engine} {version}",
                Requestor = false,
            };
        }
    }

    private static IEnumerable<AuditEvent.EntityComponent> Entities(AuditRecord record)
    {
        var workflow = new AuditEvent.EntityComponent
        {
            What = new ResourceReference { Identifier = new Identifier("urn:ietf:rfc:3986", $"urn:uuid:{record.WorkflowId:D}"), Display = "HealthMesh note workflow" },
            Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"),
            Detail =
            [
                Detail("auditSequence", record.Sequence.ToString(CultureInfo.InvariantCulture)),
                Detail("auditPreviousHash", record.PreviousHash),
                Detail("auditHash", record.Hash),
            ],
        };
        if (record.AgentSubject is not null)
        {
            workflow.Detail.Add(Detail("agentSubject", record.AgentSubject));
        }

        foreach (var (key, value) in record.Detail.Where(d => !ReferenceDetails.Contains(d.Key)).OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            workflow.Detail.Add(Detail(key, value));
        }

        yield return workflow;

        if (record.Detail.TryGetValue(KnownAuditDetails.Source, out var source))
        {
            var system = record.Detail.GetValueOrDefault(KnownAuditDetails.SourceSystem);
            yield return Resource(system is null ? source : $"{system.TrimEnd('/')}/{source}", source, "source");
        }

        foreach (var key in new[] { KnownAuditDetails.DocumentReference, KnownAuditDetails.Composition, KnownAuditDetails.Provenance })
        {
            if (record.Detail.TryGetValue(key, out var reference))
            {
                yield return Resource(reference, reference, key);
            }
        }
    }

    private static AuditEvent.EntityComponent Resource(string reference, string relative, string description) => new()
    {
        What = new ResourceReference(reference),
        Type = new Coding("http://hl7.org/fhir/resource-types", relative.Split('/')[0]),
        Description = description,
    };

    private static AuditEvent.DetailComponent Detail(string type, string value) => new() { Type = type, Value = new FhirString(value) };

    /// <summary>A stable UUID per record (its hash's first 16 bytes), so an export of the same record names it the same.</summary>
    private static Guid RecordUuid(AuditRecord record) => new(Convert.FromHexString(record.Hash.AsSpan(0, 32)));
}
