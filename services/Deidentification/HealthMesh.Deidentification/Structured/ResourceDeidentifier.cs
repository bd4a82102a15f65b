using System.Collections;
using System.Text;
using System.Text.RegularExpressions;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.FreeText;
using HealthMesh.Deidentification.Surrogates;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Structured;

/// <summary>
/// De-identifies one resource in place by walking every element: names → surrogates, identifier values and
/// ids/references → keyed pseudonyms, dates shifted, addresses cut to state + ZIP3, contact details and photos
/// removed, free text (narrative, notes, attachments, string values) scrubbed. Codes, values and units are untouched.
/// </summary>
public sealed partial class ResourceDeidentifier(FreeTextScrubber scrubber)
{
    // String elements that hold prose rather than codes; scrubbing is harmless to clinical words, so this errs wide.
    private static readonly HashSet<string> ProseElements = ["conclusion", "description", "comment", "text", "patientInstruction", "summary", "title"];

    public void Deidentify(Resource resource, DeidentificationSession session, int? referenceYear) =>
        Deidentify(resource, session, referenceYear, contained: false);

    private void Deidentify(Resource resource, DeidentificationSession session, int? referenceYear, bool contained)
    {
        var changes = ResourceChanges.None;
        // A contained resource's id is local to its container ("#med1") and carries nothing to pseudonymise.
        if (!contained && !string.IsNullOrEmpty(resource.Id))
        {
            resource.Id = session.PseudonymiseResourceId(resource.TypeName, resource.Id);
            changes |= ResourceChanges.Pseudonymized;
        }

        if (resource.Meta is { } meta)
        {
            meta.Source = null;
        }

        changes |= resource switch
        {
            Patient patient => RemoveContactDetails(patient, session, referenceYear),
            Practitioner practitioner => RemoveContactDetails(practitioner),
            RelatedPerson relatedPerson => RemoveContactDetails(relatedPerson, session, referenceYear),
            _ => ResourceChanges.None,
        };

        changes |= Walk(resource, session);
        SecurityLabels.Stamp(resource, changes);
    }

    private static ResourceChanges RemoveContactDetails(Patient patient, DeidentificationSession session, int? referenceYear)
    {
        var changes = ResourceChanges.None;
        if (patient.Telecom.Count > 0 || patient.Photo.Count > 0 || patient.Contact.Any(c => c.Telecom.Count > 0))
        {
            patient.Telecom.Clear();
            patient.Photo.Clear();
            patient.Contact.ForEach(c => c.Telecom.Clear());
            session.CountReplacement();
            changes |= ResourceChanges.Redacted;
        }

        patient.BirthDateElement = GeneralizeBirthDate(patient.BirthDateElement, session, referenceYear, ref changes);
        return changes;
    }

    private static ResourceChanges RemoveContactDetails(Practitioner practitioner)
    {
        var changes = practitioner.Telecom.Count > 0 || practitioner.Photo.Count > 0 ? ResourceChanges.Redacted : ResourceChanges.None;
        practitioner.Telecom.Clear();
        practitioner.Photo.Clear();
        practitioner.BirthDateElement = null;
        return changes;
    }

    private static ResourceChanges RemoveContactDetails(RelatedPerson relatedPerson, DeidentificationSession session, int? referenceYear)
    {
        var changes = relatedPerson.Telecom.Count > 0 || relatedPerson.Photo.Count > 0 ? ResourceChanges.Redacted : ResourceChanges.None;
        relatedPerson.Telecom.Clear();
        relatedPerson.Photo.Clear();
        relatedPerson.BirthDateElement = GeneralizeBirthDate(relatedPerson.BirthDateElement, session, referenceYear, ref changes);
        return changes;
    }

    /// <summary>Year only; removed altogether when it would show an age of 90 or more (Safe Harbor aggregates those).</summary>
    private static Date? GeneralizeBirthDate(Date? birthDate, DeidentificationSession session, int? referenceYear, ref ResourceChanges changes)
    {
        if (birthDate?.Value is not { Length: >= 4 } value)
        {
            return birthDate;
        }

        session.CountReplacement();
        var year = int.Parse(value[..4], System.Globalization.CultureInfo.InvariantCulture);
        if (referenceYear is { } reference && reference - year >= 90)
        {
            changes |= ResourceChanges.Redacted;
            return null;
        }

        changes |= ResourceChanges.Abstracted;
        return new Date(year);
    }

    private ResourceChanges Walk(Base node, DeidentificationSession session)
    {
        var changes = ResourceChanges.None;
        foreach (var (name, value) in node.EnumerateElements().ToList())
        {
            switch (value)
            {
                case Base child:
                    changes |= Visit(node, name, child, session);
                    break;
                case IEnumerable list and not string:
                    foreach (var item in list.OfType<Base>().ToList())
                    {
                        changes |= Visit(node, name, item, session);
                    }

                    break;
            }
        }

        return changes;
    }

    private ResourceChanges Visit(Base parent, string name, Base child, DeidentificationSession session)
    {
        switch (child)
        {
            case Resource contained:
                Deidentify(contained, session, null, contained: true);
                return ResourceChanges.None;
            case Identifier identifier:
                var changes = Walk(identifier, session);
                if (!string.IsNullOrEmpty(identifier.Value))
                {
                    identifier.Value = session.PseudonymiseIdentifier(identifier.Value);
                    changes |= ResourceChanges.Pseudonymized;
                }

                return changes;
            case HumanName humanName:
                return Replace(humanName, session) | Walk(humanName, session);
            case Address address:
                return Generalize(address, session) | Walk(address, session);
            case ResourceReference reference:
                return Pseudonymise(reference, session) | Walk(reference, session);
            case Narrative { Div: not null } narrative:
                var div = ScrubXhtml(narrative.Div, session);
                if (div == narrative.Div)
                {
                    return ResourceChanges.None;
                }

                narrative.Div = div;
                return ResourceChanges.Redacted;
            case Attachment attachment:
                return Scrub(attachment, session) | Walk(attachment, session);
            case Instant { Value: { } instant } instantElement:
                instantElement.Value = session.ShiftInstant(instant);
                return ResourceChanges.Perturbed;
            case FhirDateTime { Value: { } dateTime } dateTimeElement:
                return ShiftDate(dateTimeElement, dateTime, v => dateTimeElement.Value = v, session);
            case Date { Value: { } date } dateElement:
                return ShiftDate(dateElement, date, v => dateElement.Value = v, session);
            case FhirString { Value: { } text } stringElement when IsProse(parent, name):
                return ScrubString(text, v => stringElement.Value = v, session);
            case Markdown { Value: { } markdown } markdownElement:
                return ScrubString(markdown, v => markdownElement.Value = v, session);
            default:
                return Walk(child, session);
        }
    }

    private static bool IsProse(Base parent, string name) =>
        ProseElements.Contains(name)
        || (name == "value" && parent is Observation or Observation.ComponentComponent)
        || (name == "author" && parent is Annotation)
        || (name == "value" && parent is Extension);

    private ResourceChanges ScrubString(string text, Action<string> set, DeidentificationSession session)
    {
        var scrubbed = scrubber.Scrub(text, session);
        if (scrubbed == text)
        {
            return ResourceChanges.None;
        }

        set(scrubbed);
        return ResourceChanges.Redacted;
    }

    private static ResourceChanges ShiftDate(Base element, string value, Action<string> set, DeidentificationSession session)
    {
        string shifted;
        try
        {
            shifted = session.ShiftFhirDate(value);
        }
        catch (FormatException)
        {
            throw new ClinicalContextRejectedException($"A {element.TypeName} element holds a value that is not a FHIR date.");
        }

        if (shifted == value)
        {
            return ResourceChanges.None;
        }

        set(shifted);
        return ResourceChanges.Perturbed;
    }

    private static ResourceChanges Replace(HumanName name, DeidentificationSession session)
    {
        if (name.Family is null && name.Given.All(string.IsNullOrEmpty) && name.Text is null)
        {
            return ResourceChanges.None;
        }

        if (name.Family is not null)
        {
            name.Family = SurrogateTokens(name.Family, session, SurrogateKind.FamilyName);
        }

        name.Given = name.Given.Where(g => g is not null).Select(g => SurrogateTokens(g!, session, SurrogateKind.GivenName)).ToList();
        name.Text = name.Family is null && !name.Given.Any() ? null : string.Join(' ', name.Given.Append(name.Family).Where(p => !string.IsNullOrEmpty(p)));
        session.CountReplacement();
        return ResourceChanges.Pseudonymized;
    }

    // Replaced token by token, exactly as the free-text pass does, so "Mary-Ann" reads the same in data and notes.
    private static string SurrogateTokens(string name, DeidentificationSession session, SurrogateKind kind) =>
        NameToken().Replace(name, m =>
        {
            var surrogate = kind == SurrogateKind.GivenName ? session.Surrogates.GivenName(m.Value) : session.Surrogates.FamilyName(m.Value);
            session.Vault.Record(surrogate, m.Value, kind);
            return surrogate;
        });

    private static ResourceChanges Generalize(Address address, DeidentificationSession session)
    {
        var hadDetail = address.Line.Any() || address.City is not null || address.District is not null || address.Text is not null || address.PostalCode is not null;
        address.Line = [];
        address.City = null;
        address.District = null;
        address.Text = null;
        if (address.PostalCode is not null)
        {
            address.PostalCode = SafeHarborGeography.Zip3(address.PostalCode);
        }

        if (!hadDetail)
        {
            return ResourceChanges.None;
        }

        session.CountReplacement();
        return ResourceChanges.Abstracted | ResourceChanges.Redacted;
    }

    private ResourceChanges Pseudonymise(ResourceReference reference, DeidentificationSession session)
    {
        var changes = ResourceChanges.None;
        if (reference.Reference is { } value)
        {
            var pseudonymised = session.PseudonymiseReference(value);
            if (pseudonymised is null)
            {
                throw new ClinicalContextRejectedException("A Reference.reference is neither a local, a urn: nor a Type/id reference.");
            }

            if (pseudonymised != value)
            {
                reference.Reference = pseudonymised;
                changes |= ResourceChanges.Pseudonymized;
            }
        }

        if (reference.Display is { } display)
        {
            var scrubbed = scrubber.Scrub(display, session);
            if (scrubbed != display)
            {
                reference.Display = scrubbed;
                changes |= ResourceChanges.Redacted;
            }
        }

        return changes;
    }

    private ResourceChanges Scrub(Attachment attachment, DeidentificationSession session)
    {
        var changes = ResourceChanges.None;
        if (attachment.Url is not null)
        {
            attachment.Url = null;
            changes |= ResourceChanges.Redacted;
        }

        if (attachment.Data is { Length: > 0 } data)
        {
            if (IsPlainText(attachment.ContentType))
            {
                var text = Encoding.UTF8.GetString(data);
                var scrubbed = scrubber.Scrub(text, session);
                attachment.Data = Encoding.UTF8.GetBytes(scrubbed);
                changes |= scrubbed == text ? ResourceChanges.None : ResourceChanges.Redacted;
            }
            else
            {
                // A PDF or image cannot be searched for PHI here, so it does not pass at all.
                attachment.Data = null;
                session.CountReplacement();
                changes |= ResourceChanges.Redacted;
            }

            // The size and hash describe the original bytes and would link the copy back to them.
            attachment.SizeElement = null;
            attachment.Hash = null;
        }

        return changes;
    }

    private static bool IsPlainText(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("text/plain", StringComparison.OrdinalIgnoreCase);

    private string ScrubXhtml(string div, DeidentificationSession session) =>
        XhtmlText().Replace(div, m => scrubber.Scrub(m.Value, session));

    [GeneratedRegex(@"[^\s\-]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex NameToken();

    [GeneratedRegex(@"(?<=>)[^<]+(?=<)", RegexOptions.CultureInvariant)]
    private static partial Regex XhtmlText();
}
