using NeoBay.Grants.Applications;
using NeoBay.Policy;

namespace NeoBay.Grants.Documents;

/// <summary>
/// The measure's required documents (catalog <c>requiredDocuments</c>) that the application has no verified
/// document for, in catalog order. The decision refuses an approval while this is not empty.
/// </summary>
public sealed class DocumentChecklist(IDocumentStore documents, PolicyCatalog catalog) : IDocumentChecklist
{
    public async Task<IReadOnlyList<RequiredDocument>> MissingAsync(ApplicationRecord application, CancellationToken cancellationToken = default) =>
        Missing(catalog, application.Measure, await documents.ListAsync(application.Id, cancellationToken));

    /// <summary>Pure: the required categories without a verified document among <paramref name="documents"/>.</summary>
    public static IReadOnlyList<RequiredDocument> Missing(PolicyCatalog catalog, string measure, IEnumerable<DocumentRecord> documents)
    {
        if (!catalog.TryGet(measure, out var definition)) return [];
        var kept = documents.Where(d => d.Status == DocumentStatus.Verified).Select(d => d.Category).ToHashSet(StringComparer.Ordinal);
        return definition.RequiredDocuments.Where(r => !kept.Contains(r.Category)).ToList();
    }
}
