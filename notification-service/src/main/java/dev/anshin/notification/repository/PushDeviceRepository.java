package dev.anshin.notification.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.PushDevice;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Members' push devices. */
@ApplicationScoped
public class PushDeviceRepository implements PanacheRepositoryBase<PushDevice, String> {

    public Optional<PushDevice> findByTokenHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResultOptional();
    }

    /** The devices of each of these members, each member's newest first (one query). */
    public Map<String, List<PushDevice>> ofMembers(Collection<String> memberIds) {
        Map<String, List<PushDevice>> devices = new HashMap<>();
        for (PushDevice device : list("memberId in ?1 order by registeredAt desc, id", memberIds)) {
            devices.computeIfAbsent(device.memberId, m -> new ArrayList<>()).add(device);
        }
        return devices;
    }

    /** The member's devices, newest first. */
    public List<PushDevice> ofMember(String memberId) {
        return find("memberId = ?1 order by registeredAt desc, id", memberId).list();
    }
}
