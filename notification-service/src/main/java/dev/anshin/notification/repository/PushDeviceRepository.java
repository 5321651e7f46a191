package dev.anshin.notification.repository;

import java.util.List;
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

    /** The member's devices, newest first. */
    public List<PushDevice> ofMember(String memberId) {
        return find("memberId = ?1 order by registeredAt desc, id", memberId).list();
    }
}
