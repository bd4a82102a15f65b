using System.Text.RegularExpressions;

namespace HealthMesh.Deidentification.FreeText;

/// <summary>
/// The small stop-list that keeps medicine intact: eponyms (a patient called Wilson must not erase "Wilson disease"),
/// and words that follow a title but are no names (drugs, departments, ordinary capitalised words).
/// </summary>
public static partial class MedicalVocabulary
{
    private static readonly HashSet<string> Eponyms = new(StringComparer.OrdinalIgnoreCase)
    {
        "Addison", "Alzheimer", "Apgar", "Asperger", "Babinski", "Barrett", "Bell", "Brudzinski", "Burkitt", "Chiari",
        "Colles", "Crohn", "Cushing", "Doppler", "Down", "Ehlers", "Danlos", "Epstein", "Barr", "Ewing", "Fallot",
        "Foley", "Gleason", "Glasgow", "Graves", "Guillain", "Barre", "Hashimoto", "Hodgkin", "Holter", "Horner",
        "Huntington", "Kaposi", "Kawasaki", "Kernig", "Korsakoff", "Lachman", "Marfan", "McBurney", "McMurray",
        "Meniere", "Murphy", "Nissen", "Paget", "Parkinson", "Phalen", "Raynaud", "Reiter", "Romberg", "Sjogren",
        "Swan", "Ganz", "Tinel", "Tourette", "Trendelenburg", "Turner", "Valsalva", "Wernicke", "Whipple", "Wilms",
        "Wilson", "Wolff", "Parkinson", "Bence", "Jones", "Cheyne", "Stokes", "Stevens", "Johnson", "Reynaud",
    };

    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Patient", "Pt", "The", "This", "That", "He", "She", "They", "His", "Her", "Today", "Yesterday", "Tomorrow",
        "Hospital", "Clinic", "Department", "Emergency", "Cardiology", "Radiology", "Oncology", "Neurology",
        "Medicine", "Surgery", "Orthopedics", "Pulmonology", "Nephrology", "Gastroenterology", "Endocrinology",
        "On", "In", "At", "And", "Or", "With", "For", "To", "From", "Of", "Office", "Service", "Team", "Note",
        "Metformin", "Lisinopril", "Atorvastatin", "Amlodipine", "Albuterol", "Insulin", "Aspirin", "Heparin",
        "Warfarin", "Omeprazole", "Losartan", "Simvastatin", "Levothyroxine", "Prednisone", "Furosemide",
        "Tylenol", "Advil", "Lasix", "Coumadin", "Eliquis", "Xarelto", "Lipitor", "Norvasc", "Zestril",
        "Synthroid", "Keppra", "Humalog", "Zoloft", "Lantus", "Plavix", "Sinemet", "Ipratropium",

        // Titles and the capitalised words a cue ("signed by", "Patient:") may run into, which are never names.
        "Dr", "Mr", "Mrs", "Ms", "Miss", "Mx", "Prof", "MD", "DO", "RN", "NP", "PA", "Signed", "Electronically",
        "Dictated", "Transcribed", "Reviewed", "Seen", "Attending", "Resident", "Nurse", "Surgeon", "Assistant",
        "History", "Plan", "Assessment", "Exam", "Impression", "Findings", "Discharge", "Admission", "Admitted",
        "Discharged", "Follow", "Labs", "Lab", "Results", "Report", "Name", "Date", "Phone", "Fax", "Email",
        "Contact", "Address", "Home", "Mother", "Father", "Son", "Daughter", "Wife", "Husband", "Education",
        "Portal", "Diagnosis", "Procedure", "Implant", "Comorbidities", "Insurance", "Member", "Account", "DOB",
        "MRN", "ED", "ICU", "EMS", "PCP", "Pt", "Hx", "Dx", "Rx", "COPD", "CHF", "CT", "MRI", "IV", "PO", "BID",
        "Unit", "Floor", "Room", "Bed", "Onset", "Dear", "Hi", "Hello", "Thanks", "Thank", "Best", "Sincerely", "Regards", "Received", "Spoke", "Met", "Called", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    };

    /// <summary>
    /// Spans of named medical terms that hold a person's or a town's name ("Austin Flint murmur", "Lyme disease",
    /// "Cincinnati Prehospital Stroke Scale", "Boston Scientific"): names and places found inside them are dropped.
    /// </summary>
    public static MatchCollection NamedTerms(string text) => NamedTerm().Matches(text);

    /// <summary>True when the word at <paramref name="start"/> is an eponym used as one ("Crohn's", "Wilson disease").</summary>
    public static bool IsEponymUse(string text, int start, int length)
    {
        if (!Eponyms.Contains(text.Substring(start, length)))
        {
            return false;
        }

        return EponymContext().IsMatch(text.AsSpan(start + length));
    }

    /// <summary>True when a capitalised word after Dr./Mr./Mrs./Ms. is a known non-name (drug, department, pronoun).</summary>
    public static bool IsNotAName(string word) => NotNames.Contains(word);

    [GeneratedRegex(@"\b(?:Austin\s+Flint|Jackson-Pratt|Mallory-Weiss|Swan-Ganz|Stevens-Johnson|Guillain-Barr[eé]|Ehlers-Danlos|Epstein-Barr|Wolff-Parkinson-White|Cheyne-Stokes|Bence\s+Jones|Lyme|Norwalk|West\s+Nile|Rocky\s+Mountain|Coxsackie|Marburg|Boston\s+Scientific|Medtronic|Abbott|St\.?\s+Jude\s+Medical|Mayo\s+Clinic|Cleveland\s+Clinic|Johns\s+Hopkins|Duke\s+(?:criteria|treadmill)|Simpson(?:'s)?\s+(?:biplane|method|rule)|(?:Cincinnati|Los\s+Angeles)\s+Prehospital|Glasgow\s+(?:Coma|Outcome)|Framingham|Kansas\s+City\s+Cardiomyopathy|New\s+York\s+Heart\s+Association|Ottawa\s+(?:ankle|knee)|San\s+Francisco\s+Syncope|Wells\s+(?:score|criteria)|Denver\s+(?:shunt|criteria)|Richmond\s+Agitation|Charlotte\s+Hungerford|Salt\s+Lake)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NamedTerm();

    [GeneratedRegex(@"^(?:'s\b|’s\b|s'|-|\s+(?:disease|syndrome|lymphoma|sarcoma|tumou?r|palsy|sign|phenomenon|test|maneuver|manoeuvre|catheter|procedure|fundoplication|esophagus|oesophagus|disorder|criteria|scale|score|ulcer|fracture|triad|reflex|encephalopathy|thyroiditis|anomaly|malformation|monitor|classification))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EponymContext();
}
