/** A tiny Bitrix24 portal for browser tests: the structural HostPortal the host page needs, plus AUTH_ID checks. */
import type { FrameAuth, HostDeal, HostDepartment, HostPortal, HostUser } from '../../../demo/host/portal';

export interface FakePortal extends HostPortal {
  users: HostUser[];
  departments: HostDepartment[];
  deals: HostDeal[];
  /** The user an AUTH_ID was issued to, or null (what the server asks the portal). */
  verify(authId: string): number | null;
  onWin: ((dealId: number) => void) | null;
}

export function createFakePortal(domain = '127.0.0.1'): FakePortal {
  const users: HostUser[] = [
    {
      id: 1,
      name: 'Ольга',
      lastName: 'Смирнова',
      active: true,
      isAdmin: true,
      departments: [1],
      workPosition: 'Директор',
    },
    {
      id: 3,
      name: 'Игорь',
      lastName: 'Волков',
      active: true,
      isAdmin: false,
      departments: [5],
      workPosition: 'Руководитель отдела продаж',
    },
    {
      id: 7,
      name: 'Анна',
      lastName: 'Кузнецова',
      active: true,
      isAdmin: false,
      departments: [5],
      workPosition: 'Менеджер по продажам',
    },
    {
      id: 8,
      name: 'Павел',
      lastName: 'Орлов',
      active: true,
      isAdmin: false,
      departments: [5],
      workPosition: 'Менеджер по продажам',
    },
    {
      id: 9,
      name: 'Мария',
      lastName: 'Лебедева',
      active: true,
      isAdmin: false,
      departments: [5],
      workPosition: 'Менеджер по продажам',
    },
  ];
  const departments: HostDepartment[] = [
    { id: 1, name: 'Северный ветер', parentId: null, headId: 1 },
    { id: 5, name: 'Отдел продаж: Москва', parentId: 1, headId: 3 },
  ];
  const now = Date.UTC(2026, 10, 27);
  const deal = (
    id: number,
    title: string,
    stageId: string,
    sem: 'P' | 'S' | 'F',
    rub: number,
    owner: number,
  ): HostDeal => ({
    id,
    title,
    categoryId: 0,
    stageId,
    stageSemanticId: sem,
    currencyId: 'RUB',
    opportunity: rub * 100,
    assignedById: owner,
    closeDate: now + id * 86_400_000,
    dateModify: now - id * 1000,
  });
  const deals: HostDeal[] = [
    deal(101, 'Поставка оборудования ООО «Вектор»', 'NEGOTIATION', 'P', 250_000, 7),
    deal(102, 'Проигранный тендер', 'LOSE', 'F', 90_000, 7),
    deal(103, 'Годовой сервис АО «Север»', 'FINAL_INVOICE', 'P', 180_000, 7),
    deal(104, 'Склад «Омега»', 'PREPARATION', 'P', 320_000, 8),
  ];
  const tokens = new Map<string, number>();
  let n = 0;
  const portal: FakePortal = {
    domain,
    memberId: 'a223c6b3710f85df22e9377d6c4f7553',
    users,
    departments,
    deals,
    onWin: null,
    verify: (authId) => tokens.get(authId) ?? null,
    control: {
      issueUserAuth(userId: number): FrameAuth {
        const AUTH_ID = `auth${userId}x${++n}${Math.random().toString(36).slice(2, 10)}`;
        tokens.set(AUTH_ID, userId);
        return {
          AUTH_ID,
          REFRESH_ID: `refresh${n}`,
          AUTH_EXPIRES: 3600,
          isAdmin: users.find((u) => u.id === userId)?.isAdmin ?? false,
        };
      },
      async winDeal(id: number) {
        const d = deals.find((x) => x.id === id);
        if (d) {
          d.stageId = 'WON';
          d.stageSemanticId = 'S';
        }
        portal.onWin?.(id);
        return d;
      },
    },
    store: {
      deals: () => deals,
      users: () => users,
      departments: () => departments,
      stages: () => [
        { categoryId: 0, statusId: 'PREPARATION', name: 'Подготовка документов', color: '#ffa900', semantic: 'P' },
        { categoryId: 0, statusId: 'NEGOTIATION', name: 'Переговоры', color: '#2fc6f6', semantic: 'P' },
        { categoryId: 0, statusId: 'FINAL_INVOICE', name: 'Счёт выставлен', color: '#55d0e0', semantic: 'P' },
        { categoryId: 0, statusId: 'WON', name: 'Сделка успешна', color: '#9dcf00', semantic: 'S' },
        { categoryId: 0, statusId: 'LOSE', name: 'Сделка провалена', color: '#ff5752', semantic: 'F' },
      ],
    },
  };
  return portal;
}
