using System.Net;
using System.Security.Cryptography;
using System.Text;
using HealthMesh.Contracts;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace HealthMesh.WriteBack.Fhir;

/// <summary>
/// Turns a (re-identified) note into the FHIR R4 resources the EHR receives: a DocumentReference with the text as
/// text/plain and text/html, a Composition with one section per note section plus the coded diagnoses, and a Provenance
/// naming the reviewer and the engine. Deterministic: the same note and attestation give the same resources.
/// </summary>
public sealed class ClinicalNoteFhirBuilder(IOptions<WriteBackOptions> options)
{
    private const string XhtmlNamespace = "http://www.w3.org/1999/xhtml";
    private const string IcdDisplaySectionTitle = "Coded diagnoses";

    public string IdentifierSystem => options.Value.IdentifierSystem;

    /// <summary>The business identifier value <c>{workflowId}-{resourceType}</c> a resource of the note carries.</summary>
    public static string IdentifierValue(Guid workflowId, string resourceType) => $"{workflowId:D}-{resourceType}";

    /// <summary>The business identifier value <c>{workflowId}-condition-{code}</c> of the Condition written for an accepted code.</summary>
    public static string ConditionIdentifierValue(Guid workflowId, string code) => $"{workflowId:D}-condition-{code}";

    /// <summary>The key of an accepted code's Condition in <see cref="ClinicalNoteResources.FullUrls"/>.</summary>
    public static string ConditionKey(string code) => $"Condition-{code}";

    /// <param name="replaces">Earlier HealthMesh notes about the same source, as read from the EHR (see <see cref="IsReplacedBy"/>).</param>
    public ClinicalNoteResources Build(StructuredNote note, ClinicalNoteSubject subject, NoteAttestation attestation, IReadOnlyList<DocumentReference>? replaces = null)
    {
        if (attestation.Status == NoteStatus.Final && string.IsNullOrWhiteSpace(attestation.ReviewerReference))
        {
            throw new ArgumentException("A final note needs the reviewer who approved it.", nameof(attestation));
        }

        var fullUrls = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DocumentReference"] = FullUrl(note.WorkflowId, "DocumentReference"),
            ["Composition"] = FullUrl(note.WorkflowId, "Composition"),
            ["Provenance"] = FullUrl(note.WorkflowId, "Provenance"),
        };

        // Only a reviewer's decision makes a code a diagnosis in the chart; a preliminary note never writes Conditions.
        var conditionCodes = options.Value.WriteConditions && attestation.Status == NoteStatus.Final
            ? note.Codes.DistinctBy(c => c.Code).ToList()
            : [];
        foreach (var code in conditionCodes)
        {
            fullUrls[ConditionKey(code.Code)] = FullUrl(note.WorkflowId, ConditionKey(code.Code));
        }

        var final = attestation.Status == NoteStatus.Final;
        var reviewer = final ? Reference(attestation.ReviewerReference!) : null;
        var engine = new ResourceReference
        {
            Display = $"HealthMesh {note.Engine.Name} {note.Engine.Version}",
            Identifier = new Identifier(KnownNoteCodes.EngineIdentifierSystem, note.Engine.ContentHash),
        };

        var conditions = conditionCodes.Select(c => BuildCondition(note.WorkflowId, c, subject, attestation, reviewer!, fullUrls["DocumentReference"])).ToList();
        var superseded = (replaces ?? []).OrderBy(d => d.Id, StringComparer.Ordinal).Select(Supersede).ToList();
        var document = BuildDocumentReference(note, subject, attestation, reviewer ?? engine);
        foreach (var old in superseded)
        {
            document.RelatesTo.Add(new DocumentReference.RelatesToComponent
            {
                Code = DocumentRelationshipType.Replaces,
                Target = new ResourceReference($"DocumentReference/{old.Id}"),
            });
        }

        return new ClinicalNoteResources(
            document,
            BuildComposition(note, subject, attestation, reviewer ?? engine),
            BuildProvenance(note, subject, attestation, reviewer, engine, fullUrls),
            conditions,
            superseded,
            fullUrls);
    }

    /// <summary>
    /// One atomic transaction of conditional creates: a replay finds the resources by their HealthMesh identifier and
    /// creates nothing, so the EHR holds each note exactly once however often it is written.
    /// </summary>
    public Bundle BuildTransaction(ClinicalNoteResources resources)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        Add(bundle, resources.FullUrls["DocumentReference"], resources.DocumentReference, $"identifier={IdentifierSystem}|{resources.DocumentReference.Identifier[0].Value}");
        Add(bundle, resources.FullUrls["Composition"], resources.Composition, $"identifier={IdentifierSystem}|{resources.Composition.Identifier!.Value}");
        // R4 Provenance has no identifier element; it carries the HealthMesh identifier as a meta tag and is matched by _tag.
        var tag = resources.Provenance.Meta!.Tag[0];
        Add(bundle, resources.FullUrls["Provenance"], resources.Provenance, $"_tag={tag.System}|{tag.Code}");
        foreach (var condition in resources.Conditions)
        {
            // Build gave every Condition exactly one coding, the accepted code.
            Add(bundle, resources.FullUrls[ConditionKey(condition.Code!.Coding[0].Code!)], condition, $"identifier={IdentifierSystem}|{condition.Identifier[0].Value}");
        }

        // The earlier notes are superseded in the same transaction, each only if unchanged since it was read (If-Match):
        // a replay finds them superseded already and leaves them alone; a concurrent change fails the whole write (412).
        foreach (var old in resources.Superseded)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                Resource = old,
                Request = new Bundle.RequestComponent
                {
                    Method = Bundle.HTTPVerb.PUT,
                    Url = $"DocumentReference/{old.Id}",
                    IfMatch = $"W/\"{old.Meta!.VersionId}\"",
                },
            });
        }

        return bundle;
    }

    /// <summary>
    /// Whether <paramref name="candidate"/> (read from the EHR) is an earlier HealthMesh note about the same source that
    /// this note replaces: current, written by another workflow, of the same document type, about the same source
    /// resource (any version of it), and approved earlier. The date check keeps a late replay of an old workflow from
    /// superseding the newer note.
    /// </summary>
    public bool IsReplacedBy(DocumentReference candidate, StructuredNote note, ClinicalNoteSubject subject, NoteAttestation attestation)
    {
        var own = IdentifierValue(note.WorkflowId, "DocumentReference");
        var ours = candidate.Identifier.Any(i => i.System == IdentifierSystem && i.Value?.EndsWith("-DocumentReference", StringComparison.Ordinal) == true)
                   && candidate.Identifier.All(i => i.System != IdentifierSystem || i.Value != own);
        var type = NoteType(note.Kind).Coding[0];
        var sources = subject.SourceReference == subject.EncounterReference
            ? candidate.Context?.Encounter ?? []
            : candidate.Context?.Related ?? [];
        return ours
               && candidate.Status == DocumentReferenceStatus.Current
               && candidate.Type?.Coding.Any(c => c.System == type.System && c.Code == type.Code) == true
               && sources.Any(r => SameResource(r.Reference, subject.SourceReference))
               && candidate.Date is { } date && date < attestation.Date;
    }

    /// <summary><c>Type/id</c>, <c>Type/id/_history/v</c> or an absolute URL naming the same resource, any version.</summary>
    private static bool SameResource(string? reference, string relative)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return false;
        }

        var history = reference.IndexOf("/_history/", StringComparison.Ordinal);
        var unversioned = history < 0 ? reference : reference[..history];
        return unversioned == relative || unversioned.EndsWith($"/{relative}", StringComparison.Ordinal);
    }

    private static DocumentReference Supersede(DocumentReference current)
    {
        var superseded = (DocumentReference)current.DeepCopy();
        superseded.Status = DocumentReferenceStatus.Superseded;
        return superseded;
    }

    private DocumentReference BuildDocumentReference(StructuredNote note, ClinicalNoteSubject subject, NoteAttestation attestation, ResourceReference author)
    {
        var final = attestation.Status == NoteStatus.Final;
        var created = new FhirDateTime(attestation.Date).Value;
        var document = new DocumentReference
        {
            Identifier = [Identifier(note.WorkflowId, "DocumentReference")],
            Status = DocumentReferenceStatus.Current,
            DocStatus = final ? CompositionStatus.Final : CompositionStatus.Preliminary,
            Type = NoteType(note.Kind),
            Category = [new CodeableConcept(KnownNoteCodes.DocumentReferenceCategory, KnownNoteCodes.ClinicalNote, "Clinical Note")],
            Subject = Reference(subject.PatientReference),
            Date = attestation.Date,
            Author = [author],
            Authenticator = final ? author : null,
            Description = note.Title,
            Content =
            [
                new DocumentReference.ContentComponent
                {
                    Attachment = new Attachment { ContentType = KnownNoteCodes.PlainText, Data = Encoding.UTF8.GetBytes(RenderText(note)), Title = note.Title, Creation = created },
                },
                new DocumentReference.ContentComponent
                {
                    Attachment = new Attachment { ContentType = KnownNoteCodes.Html, Data = Encoding.UTF8.GetBytes(RenderHtml(note)), Title = note.Title, Creation = created },
                },
            ],
            Context = new DocumentReference.ContextComponent(),
        };

        if (subject.EncounterReference is not null)
        {
            document.Context.Encounter.Add(Reference(subject.EncounterReference));
        }

        if (subject.SourceReference != subject.EncounterReference)
        {
            document.Context.Related.Add(Reference(subject.SourceReference));
        }

        return document;
    }

    private Composition BuildComposition(StructuredNote note, ClinicalNoteSubject subject, NoteAttestation attestation, ResourceReference author)
    {
        var final = attestation.Status == NoteStatus.Final;
        var composition = new Composition
        {
            Identifier = Identifier(note.WorkflowId, "Composition"),
            Status = final ? CompositionStatus.Final : CompositionStatus.Preliminary,
            Type = NoteType(note.Kind),
            Subject = Reference(subject.PatientReference),
            Encounter = subject.EncounterReference is null ? null : Reference(subject.EncounterReference),
            Date = new FhirDateTime(attestation.Date).Value,
            Author = [author],
            Title = note.Title,
        };

        if (final)
        {
            composition.Attester.Add(new Composition.AttesterComponent
            {
                Mode = Composition.CompositionAttestationMode.Professional,
                Time = new FhirDateTime(attestation.Date).Value,
                Party = author,
            });
        }

        if (subject.SourceReference != subject.EncounterReference)
        {
            composition.Event.Add(new Composition.EventComponent { Detail = [Reference(subject.SourceReference)] });
        }

        foreach (var section in note.Sections)
        {
            var sentences = section.Sentences.Select(s => s.Text).ToList();
            composition.Section.Add(new Composition.SectionComponent
            {
                Title = section.Title,
                Code = new CodeableConcept { Text = section.Code },
                Text = Narrative(sentences.Count == 0 ? ["No content."] : sentences),
            });
        }

        if (note.Codes.Count > 0)
        {
            composition.Section.Add(BuildCodedSection(note, subject, final, composition));
        }

        return composition;
    }

    /// <summary>The note's codes as contained Conditions the section references, so the coded result travels inside the Composition.</summary>
    private static Composition.SectionComponent BuildCodedSection(StructuredNote note, ClinicalNoteSubject subject, bool final, Composition composition)
    {
        var section = new Composition.SectionComponent
        {
            Title = IcdDisplaySectionTitle,
            Code = new CodeableConcept(KnownNoteCodes.Loinc, KnownNoteCodes.DiagnosisNarrative, "Diagnosis Narrative"),
            Text = Narrative(note.Codes.Select(c => $"{c.Display} ({c.Code})").ToList()),
        };

        for (var i = 0; i < note.Codes.Count; i++)
        {
            var code = note.Codes[i];
            var id = $"code-{i + 1}";
            composition.Contained.Add(new Condition
            {
                Id = id,
                Category = [new CodeableConcept(KnownNoteCodes.ConditionCategory, KnownNoteCodes.EncounterDiagnosis, "Encounter Diagnosis")],
                VerificationStatus = final
                    ? new CodeableConcept(KnownNoteCodes.ConditionVerificationStatus, "confirmed", "Confirmed")
                    : new CodeableConcept(KnownNoteCodes.ConditionVerificationStatus, "provisional", "Provisional"),
                Code = new CodeableConcept(code.System, code.Code, code.Display, code.Display),
                Subject = Reference(subject.PatientReference),
                Encounter = subject.EncounterReference is null ? null : Reference(subject.EncounterReference),
            });
            section.Entry.Add(new ResourceReference($"#{id}"));
        }

        return section;
    }

    /// <summary>
    /// An accepted code as a chart diagnosis: confirmed because the reviewer accepted it, asserted and recorded by the
    /// reviewer, with the note's DocumentReference as its evidence.
    /// </summary>
    private Condition BuildCondition(Guid workflowId, ProposedCode code, ClinicalNoteSubject subject, NoteAttestation attestation, ResourceReference reviewer, string documentFullUrl) => new()
    {
        Identifier = [new Identifier(IdentifierSystem, ConditionIdentifierValue(workflowId, code.Code))],
        ClinicalStatus = new CodeableConcept(KnownNoteCodes.ConditionClinicalStatus, "active", "Active"),
        VerificationStatus = new CodeableConcept(KnownNoteCodes.ConditionVerificationStatus, "confirmed", "Confirmed"),
        Category = [new CodeableConcept(KnownNoteCodes.ConditionCategory, KnownNoteCodes.EncounterDiagnosis, "Encounter Diagnosis")],
        Code = new CodeableConcept(code.System, code.Code, code.Display, code.Display),
        Subject = Reference(subject.PatientReference),
        Encounter = subject.EncounterReference is null ? null : Reference(subject.EncounterReference),
        RecordedDate = new FhirDateTime(attestation.Date).Value,
        Recorder = reviewer,
        Asserter = reviewer,
        Evidence = [new Condition.EvidenceComponent { Detail = [new ResourceReference(documentFullUrl)] }],
    };

    private Provenance BuildProvenance(
        StructuredNote note,
        ClinicalNoteSubject subject,
        NoteAttestation attestation,
        ResourceReference? reviewer,
        ResourceReference engine,
        IReadOnlyDictionary<string, string> fullUrls)
    {
        var provenance = new Provenance
        {
            Meta = new Meta { Tag = [new Coding(IdentifierSystem, IdentifierValue(note.WorkflowId, "Provenance"))] },
            Target = fullUrls.Where(u => u.Key != "Provenance").OrderBy(u => TargetOrder(u.Key)).ThenBy(u => u.Key, StringComparer.Ordinal).Select(u => new ResourceReference(u.Value)).ToList(),
            Recorded = attestation.Date,
            Activity = new CodeableConcept(KnownNoteCodes.DataOperation, "CREATE", "create"),
            Entity = [new Provenance.EntityComponent { Role = Provenance.ProvenanceEntityRole.Source, What = Reference(subject.SourceReference) }],
        };

        if (reviewer is not null)
        {
            provenance.Agent.Add(new Provenance.AgentComponent
            {
                Type = new CodeableConcept(KnownNoteCodes.ProvenanceParticipantType, KnownNoteCodes.Verifier, "Verifier"),
                Who = reviewer,
            });
        }

        provenance.Agent.Add(new Provenance.AgentComponent
        {
            Type = new CodeableConcept(KnownNoteCodes.ProvenanceParticipantType, KnownNoteCodes.Assembler, "Assembler"),
            Who = engine,
        });
        return provenance;
    }

    /// <summary>Provenance.target lists the DocumentReference, the Composition, then the Conditions.</summary>
    private static int TargetOrder(string key) => key switch { "DocumentReference" => 0, "Composition" => 1, _ => 2 };

    private Identifier Identifier(Guid workflowId, string resourceType) => new(IdentifierSystem, IdentifierValue(workflowId, resourceType));

    private static void Add(Bundle bundle, string fullUrl, Resource resource, string ifNoneExist) =>
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = fullUrl,
            Resource = resource,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName, IfNoneExist = ifNoneExist },
        });

    private static CodeableConcept NoteType(NoteKind kind) => kind switch
    {
        NoteKind.EncounterSummary => new CodeableConcept(KnownNoteCodes.Loinc, KnownNoteCodes.ProgressNote, KnownNoteCodes.ProgressNoteDisplay),
        NoteKind.RadiologyReport => new CodeableConcept(KnownNoteCodes.Loinc, KnownNoteCodes.DiagnosticImagingStudy, KnownNoteCodes.DiagnosticImagingStudyDisplay),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No LOINC document type for this note kind."),
    };

    /// <summary>A relative reference (<c>Practitioner/1</c>) when the value is one; otherwise a display-only reference.</summary>
    private static ResourceReference Reference(string value) =>
        value.Contains('/') ? new ResourceReference(value) : new ResourceReference { Display = value };

    /// <summary>A stable <c>urn:uuid</c> per (workflow, type) (an RFC 9562 version 8, name-derived UUID), so the same note always yields the same transaction.</summary>
    private static string FullUrl(Guid workflowId, string resourceType)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{workflowId:N}/{resourceType}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return $"urn:uuid:{new Guid(hash.AsSpan(0, 16), bigEndian: true):D}";
    }

    private static Narrative Narrative(IReadOnlyList<string> paragraphs) => new()
    {
        Status = Hl7.Fhir.Model.Narrative.NarrativeStatus.Generated,
        Div = $"<div xmlns=\"{XhtmlNamespace}\">{string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"))}</div>",
    };

    private static string RenderText(StructuredNote note)
    {
        var text = new StringBuilder().AppendLine(note.Title);
        foreach (var section in note.Sections)
        {
            // One statement per line, as in the HTML rendering: structured facts and prose sentences read alike.
            text.AppendLine().AppendLine(section.Title);
            foreach (var sentence in section.Sentences)
            {
                text.AppendLine(sentence.Text);
            }
        }

        if (note.Codes.Count > 0)
        {
            text.AppendLine().AppendLine(IcdDisplaySectionTitle);
            foreach (var code in note.Codes)
            {
                text.AppendLine($"- {code.Display} ({code.Code})");
            }
        }

        return text.ToString();
    }

    private static string RenderHtml(StructuredNote note)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(note.Title)).Append("</title></head><body>")
            .Append("<h1>").Append(WebUtility.HtmlEncode(note.Title)).Append("</h1>");
        foreach (var section in note.Sections)
        {
            html.Append("<h2>").Append(WebUtility.HtmlEncode(section.Title)).Append("</h2>");
            foreach (var sentence in section.Sentences)
            {
                html.Append("<p>").Append(WebUtility.HtmlEncode(sentence.Text)).Append("</p>");
            }
        }

        if (note.Codes.Count > 0)
        {
            html.Append("<h2>").Append(IcdDisplaySectionTitle).Append("</h2><ul>");
            foreach (var code in note.Codes)
            {
                html.Append("<li>").Append(WebUtility.HtmlEncode($"{code.Display} ({code.Code})")).Append("</li>");
            }

            html.Append("</ul>");
        }

        return html.Append("</body></html>").ToString();
    }
}
