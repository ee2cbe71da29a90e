using Vetting.Protocol.Hardware;

namespace Vetting.Activities.Specs;

/// <summary>A list section (<c>disks</c>, <c>nics</c>, ...): the inventory devices it counts and the fields an entry may filter on.</summary>
internal sealed record DeviceListDefinition<T>(string Noun, Func<Inventory, IReadOnlyList<T>?> Devices, IReadOnlyList<FieldDefinition<T>> Fields);
