namespace Vetting.Activities.Tests.Protocol;

internal static class InventoryExamples
{
    /// <summary>The inventory example of spec-and-inventory.md, verbatim.</summary>
    public const string Contract = """
        {
          "system": { "vendor": "Supermicro", "product": "X11SPi-TF", "serial": "S123", "biosVendor": "AMI",
                      "biosVersion": "3.4", "biosDate": "2021-03-05", "bootMode": "uefi" },
          "cpu": { "model": "Intel(R) Xeon(R) Silver 4210R CPU @ 2.40GHz", "sockets": 1, "physicalCores": 10,
                   "logicalCores": 20, "flags": ["vmx", "aes"] },
          "memory": { "installedBytes": 68719476736, "usableBytes": 67268632576, "ecc": true,
                      "dimms": [ { "slot": "DIMM_A1", "sizeBytes": 34359738368, "speedMts": 2400, "type": "DDR4",
                                   "manufacturer": "Samsung", "serial": "1234" } ] },
          "disks": [ { "name": "nvme0n1", "model": "Samsung SSD 970 EVO Plus 1TB", "serial": "S4EW", "wwn": null,
                       "sizeBytes": 1000204886016, "rotational": false, "transport": "nvme",
                       "smartHealthy": true, "blank": false, "bootMedia": false } ],
          "nics": [ { "name": "eno1", "mac": "ac:1f:6b:00:00:01", "driver": "ixgbe", "linkUp": true, "speedMbps": 10000 } ],
          "pci": [ { "address": "0000:3b:00.0", "vendorId": "8086", "deviceId": "1563", "class": "0200",
                     "vendorName": "Intel Corporation", "deviceName": "Ethernet Controller X550" } ],
          "gpus": [ { "vendorId": "10de", "deviceId": "1eb8", "name": "Tesla T4" } ]
        }
        """;
}
