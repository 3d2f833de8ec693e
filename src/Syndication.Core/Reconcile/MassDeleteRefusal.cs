namespace Syndication.Core.Reconcile;

/// <summary>
/// Reconcile refused to delete entries whose articles seem gone, because too many went at once; kept in
/// <c>journal/reconcile/refusal.json</c> until a pass deletes them (confirmed) or the articles are back.
/// </summary>
/// <param name="Reason">In words, with the remedy.</param>
/// <param name="Entries">Entries stored before the pass.</param>
/// <param name="Disappearing">Entries whose article was not listed.</param>
/// <param name="Examples">A few of the articles that seem gone.</param>
public sealed record MassDeleteRefusal(DateTimeOffset When, string Reason, int Entries, int Disappearing, IReadOnlyList<string> Examples);
