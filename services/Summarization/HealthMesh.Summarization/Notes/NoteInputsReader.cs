using System.Globalization;
using System.Text;
using HealthMesh.Contracts;
using HealthMesh.Summarization.Coding;
using HealthMesh.Summarization.Text;
using Hl7.Fhir.Model;

namespace HealthMesh.Summarization.Notes;

/// <summary>
/// Reads a de-identified context Bundle into note inputs: each text attachment, report text and conclusion becomes a
/// source of its own, and each structured item one rendered line ("Blood pressure 142/91 mmHg (high)").
/// </summary>
public static class NoteInputsReader
{
    private const string Loinc = "http://loinc.org";

    /// <exception cref="ClinicalNoteInputException">The Bundle is not a context Bundle.</exception>
    public static NoteInputs Read(Bundle context, IUnheadedSectionClassifier? unheaded = null)
    {
        if (context.Type != Bundle.BundleType.Collection || context.Entry.Count == 0 || context.Entry[0].Resource is not { } focus)
        {
            throw new ClinicalNoteInputException("The de-identified context must be a 'collection' Bundle whose first entry is the focus resource.");
        }

        var resources = context.Entry.Select(e => e.Resource).OfType<Resource>().ToList();
        var narratives = new List<NarrativeSource>();
        var facts = new List<StructuredFact>();
        foreach (var resource in resources)
        {
            switch (resource)
            {
                case Encounter encounter when encounter.ReasonCode.Count > 0:
                    var reasons = string.Join(", ", encounter.ReasonCode.Select(Name).Where(n => n.Length > 0));
                    facts.Add(Fact(FactKind.ReasonForVisit, encounter, "Reason for visit", $"Reason for visit: {reasons}"));
                    break;
                case Observation observation when observation.Status is not (ObservationStatus.EnteredInError or ObservationStatus.Cancelled):
                    if (Render(observation) is { } line)
                    {
                        facts.Add(Fact(Kind(observation), observation, "Observation", line));
                    }

                    break;
                case Condition condition when !IsRefuted(condition):
                    facts.Add(Fact(FactKind.Condition, condition, "Condition", Render(condition)));
                    break;
                case MedicationRequest request when request.Status is not (MedicationRequest.MedicationrequestStatus.EnteredInError or MedicationRequest.MedicationrequestStatus.Cancelled):
                    facts.Add(Fact(FactKind.Medication, request, "Medication request", Render(request, focus)));
                    break;
                case ServiceRequest order when order.Status is not (RequestStatus.EnteredInError or RequestStatus.Revoked) && Name(order.Code).Length > 0:
                    facts.Add(Fact(FactKind.Order, order, "Order", Render(order)));
                    break;
                case Procedure procedure when procedure.Status is not EventStatus.EnteredInError:
                    facts.Add(Fact(FactKind.Procedure, procedure, "Procedure", $"{Name(procedure.Code)} ({Status(procedure.Status?.ToString())})"));
                    break;
                case DocumentReference document when document.Status == DocumentReferenceStatus.Current:
                    var label = document.Type is { } type ? Name(type) : "Clinical note";
                    AddTexts(narratives, unheaded, Id(document), label, document.Content.Select(c => c.Attachment));
                    break;
                case DiagnosticReport report when report.Status is not (DiagnosticReport.DiagnosticReportStatus.EnteredInError or DiagnosticReport.DiagnosticReportStatus.Cancelled):
                    AddTexts(narratives, unheaded, Id(report), $"{Name(report.Code)} report", report.PresentedForm);
                    if (!string.IsNullOrWhiteSpace(report.Conclusion))
                    {
                        var source = new NoteSource($"{Id(report)}#conclusion", "Report conclusion", report.Conclusion);
                        narratives.Add(new NarrativeSource(source, SentenceSplitter.Split(report.Conclusion).Select(s => new SectionedSentence(NoteSectionKind.Impression, s)).ToList()));
                    }

                    break;
            }
        }

        return new NoteInputs(focus, facts, narratives);
    }

    /// <summary>The ICD-10-CM codes on a Condition (any other system is ignored).</summary>
    public static IEnumerable<string> Icd10Codes(Condition condition) =>
        condition.Code?.Coding.Where(c => c.System == Icd10CodeTable.System && !string.IsNullOrEmpty(c.Code)).Select(c => c.Code!) ?? [];

    public static IEnumerable<string> Names(Condition condition) =>
        condition.Code is null ? [] : new[] { condition.Code.Text }.Concat(condition.Code.Coding.Select(c => c.Display)).OfType<string>();

    /// <summary>Active (or unstated) and not refuted: a condition the patient has now.</summary>
    public static bool IsCurrent(Condition condition)
    {
        var clinical = condition.ClinicalStatus?.Coding.FirstOrDefault()?.Code;
        return clinical is null or "active" or "recurrence" or "relapse";
    }

    public static string Name(CodeableConcept? concept) =>
        concept is null ? string.Empty : concept.Text ?? concept.Coding.Select(c => c.Display ?? c.Code).FirstOrDefault(n => !string.IsNullOrEmpty(n)) ?? string.Empty;

    private static void AddTexts(List<NarrativeSource> narratives, IUnheadedSectionClassifier? unheaded, string id, string label, IEnumerable<Attachment> attachments)
    {
        var texts = attachments
            .Where(a => a.Data is { Length: > 0 } && a.ContentType?.Split(';')[0].Trim().Equals("text/plain", StringComparison.OrdinalIgnoreCase) == true)
            .Select(a => Encoding.UTF8.GetString(a.Data!))
            .ToList();
        for (var i = 0; i < texts.Count; i++)
        {
            var source = new NoteSource(i == 0 ? id : $"{id}#text{i}", label, texts[i]);
            narratives.Add(new NarrativeSource(source, Sectionizer.Sentences(texts[i], unheaded)));
        }
    }

    private static StructuredFact Fact(FactKind kind, Resource resource, string label, string line) =>
        new(kind, new NoteSource(Id(resource), label, line), resource);

    private static string Id(Resource resource) => $"{resource.TypeName}/{resource.Id}";

    private static bool IsRefuted(Condition condition) =>
        condition.VerificationStatus?.Coding.Any(c => c.Code is "refuted" or "entered-in-error") == true;

    private static FactKind Kind(Observation observation)
    {
        var categories = observation.Category.SelectMany(c => c.Coding).Select(c => c.Code).ToList();
        return categories.Contains("vital-signs") ? FactKind.VitalSign
            : categories.Contains("laboratory") ? FactKind.Laboratory
            : categories.Contains("social-history") || observation.Value is FhirString ? FactKind.SocialHistory
            : FactKind.Observation;
    }

    private static string? Render(Observation observation)
    {
        var name = Name(observation.Code);
        var systolic = observation.Component.FirstOrDefault(c => HasLoinc(c.Code, "8480-6"))?.Value as Quantity;
        var diastolic = observation.Component.FirstOrDefault(c => HasLoinc(c.Code, "8462-4"))?.Value as Quantity;
        string? value = observation.Value switch
        {
            Quantity q => Format(q),
            CodeableConcept concept => Name(concept),
            FhirString s => s.Value,
            FhirBoolean b => b.Value == true ? "yes" : "no",
            _ when systolic is not null && diastolic is not null =>
                $"{Number(systolic.Value)}/{Number(diastolic.Value)} {systolic.Unit ?? systolic.Code}",
            _ when observation.Component.Count > 0 =>
                string.Join("; ", observation.Component.Where(c => c.Value is Quantity).Select(c => $"{Name(c.Code)} {Format((Quantity)c.Value!)}")),
            _ => null,
        };

        if (string.IsNullOrWhiteSpace(value) || string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var notes = new[] { Interpretation(observation), Range(observation) }.OfType<string>().ToList();
        var separator = observation.Value is FhirString or CodeableConcept ? ": " : " ";
        return $"{name}{separator}{value}" + (notes.Count > 0 ? $" ({string.Join("; ", notes)})" : string.Empty);
    }

    private static string? Interpretation(Observation observation)
    {
        var code = observation.Interpretation.SelectMany(i => i.Coding).Select(c => c.Code).FirstOrDefault();
        var flag = code switch
        {
            "H" => "high",
            "HH" or "HU" => "critically high",
            "L" => "low",
            "LL" or "LU" => "critically low",
            "A" => "abnormal",
            "AA" => "critically abnormal",
            "N" => "normal",
            "POS" => "positive",
            "NEG" => "negative",
            _ => null,
        };
        if (flag is not null || observation.Value is not Quantity { Value: { } value })
        {
            return flag;
        }

        // No interpretation sent: judge the value against its own reference range.
        var range = observation.ReferenceRange.FirstOrDefault();
        return range?.High?.Value is { } high && value > high ? "high"
            : range?.Low?.Value is { } low && value < low ? "low"
            : null;
    }

    private static string? Range(Observation observation)
    {
        var range = observation.ReferenceRange.FirstOrDefault();
        return range switch
        {
            { Low: { Value: not null } low, High: { Value: not null } high } => $"reference {Number(low.Value)}-{Format(high)}",
            { High: { Value: not null } high } => $"reference ≤ {Format(high)}",
            { Low: { Value: not null } low } => $"reference ≥ {Format(low)}",
            { Text: { } text } => $"reference {text}",
            _ => null,
        };
    }

    private static string Render(Condition condition)
    {
        var icd = Icd10Codes(condition).FirstOrDefault();
        var status = condition.ClinicalStatus?.Coding.FirstOrDefault()?.Code;
        return Name(condition.Code) + (icd is null ? string.Empty : $" ({Icd10CodeTable.WithDot(icd)})") + (status is null ? string.Empty : $", {status}");
    }

    /// <summary>
    /// "Started: …" for a request written at this encounter, "Changed: …" for one that replaces a prior prescription,
    /// "Stopped: …" / "Completed: …" / "On hold: …" by status; a current medication not touched here has no prefix.
    /// </summary>
    private static string Render(MedicationRequest request, Resource focus)
    {
        var medication = request.Medication switch
        {
            CodeableConcept concept => Name(concept),
            ResourceReference reference => reference.Display ?? "medication",
            _ => "medication",
        };
        var dosage = string.Join("; ", request.DosageInstruction.Select(d => d.Text).OfType<string>());
        var line = dosage.Length > 0 ? $"{medication}: {dosage}" : medication;
        var change = request.Status switch
        {
            MedicationRequest.MedicationrequestStatus.Stopped => "Stopped",
            MedicationRequest.MedicationrequestStatus.Completed => "Completed",
            MedicationRequest.MedicationrequestStatus.OnHold => "On hold",
            _ when request.PriorPrescription is not null => "Changed",
            _ when focus is Encounter && request.Encounter?.Reference == Id(focus) => "Started",
            _ => null,
        };
        var status = request.Status is null or MedicationRequest.MedicationrequestStatus.Active or MedicationRequest.MedicationrequestStatus.Stopped
            or MedicationRequest.MedicationrequestStatus.Completed or MedicationRequest.MedicationrequestStatus.OnHold
            ? string.Empty
            : $" ({Status(request.Status.ToString())})";
        return (change is null ? line : $"{change}: {line}") + status;
    }

    /// <summary>"Ordered: Lipid panel", "Planned: Echocardiogram" (a proposal or plan), with its status when not active.</summary>
    private static string Render(ServiceRequest order)
    {
        var verb = order.Intent is RequestIntent.Plan or RequestIntent.Proposal ? "Planned" : "Ordered";
        var status = order.Status is null or RequestStatus.Active or RequestStatus.Draft ? string.Empty : $" ({Status(order.Status.ToString())})";
        var note = order.PatientInstruction is { Length: > 0 } instruction ? $": {instruction}" : string.Empty;
        return $"{verb}: {Name(order.Code)}{note}{status}";
    }

    private static string Status(string? status) => status is null ? "unknown status" : string.Concat(status.Select((c, i) => i > 0 && char.IsUpper(c) ? $" {char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));

    private static bool HasLoinc(CodeableConcept? concept, string code) => concept?.Coding.Any(c => c.System == Loinc && c.Code == code) == true;

    private static string Format(Quantity quantity) => $"{Number(quantity.Value)} {quantity.Unit ?? quantity.Code}".TrimEnd();

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
