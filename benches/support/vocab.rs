//! The generator's fixed vocabulary, independent of the seed: word lists,
//! clause templates, short replies, emoji, names, and the weights that shape
//! the text.
//!
//! The word lists began as those of an earlier Python generator. Every name
//! a speaker is made of (nicknames, English handles, pinyin handles,
//! organisations) is invented, none taken from a real archive, and replies
//! and sentences that quoted real messages were rewritten: a synthetic day
//! must never show a real person saying generated words. A test over the
//! real-world sample (`tests/vocabulary.rs`, skipped where it is absent)
//! keeps it so.

/// Part-of-speech lists, each in the Python generator's shuffled order:
/// earlier words are more frequent. Pronouns and subjects.
pub const POS_P: &str = "甲方 网联 他们家 同事 收单机构 谁 我 我们公司 她 人行 微信 技术 大佬们 合规部 他 银行那边 \
    你们 你 产品 用户 大厂 清算机构 客户 银联 老板 第三方 央行 风控 大家 支付公司 领导 群里 支付宝 小公司 发卡行 \
    这边 运营 乙方 他们 银行 机构 我们 监管 有人 我司 商户 持牌机构 咱们";
/// Adverbs and auxiliaries.
pub const POS_A: &str = "本来 也不 暂时 需要 以前 一直 一般 比较 不能 目前 马上 早就 准备 可以 又 一定 还是 先 肯定 \
    都 没有 现在 当然 可能 最近 好像 昨天 居然 不 必须 再 还 反正 会 不用 基本上 应该 就 正在 确实 只能 都不 明天 \
    直接 之前 想 原来 今天 打算 没 很快 已经 也 估计 其实 还没 要 能";
/// Verbs.
pub const POS_V: &str = "查询 重试 用 校验 给 付 换 拓展 替代 对接 分析 收 理解 清算 压测 查 支持 验证 部署 维护 开放 \
    推广 结算 做 讨论 回滚 吐槽 问 关闭 搞定 拿 看好 监控 整理 禁止 搞 解决 承担 学习 代扣 发布 担心 升级 补偿 卖 \
    迁移 丢弃 处理 发起 重构 改造 对账 申请 运营 看 转发 退 限制 认证 优化 收单 推荐 排查 调用 设计 扩容 撤销 上线 \
    冻结 实现 入网 接入 收取 放弃 扣 扣款 总结 备案 规避 审批 开 改 确认 签约 开通 监管 要 买 报备 参考 测试 限流 \
    整合 找 接 研究";
/// Nouns, Chinese and English tech words.
pub const POS_N: &str = "IO 通知 区块链 微信 网联 智能合约 稳定性 人脸识别 安全 日志 P2P 比特币 强一致 HTTPS Kafka \
    批处理 代付 机构 结算 RPC 交易 负载均衡 分布式事务 分享 借记卡 集群 容器 TCP 资金 渠道 Flink 服务 充值 MQ DB \
    漏洞 1类户 利润 延迟 实时计算 系统 Spring 通道 备付金 沙龙 SLA 网关支付 电子钱包 重试 卡组织 Ⅲ类户 市场 文档 \
    监管 云闪付 慢查询 MySQL Go 幂等 索引 性能 公众号 KYC 实名认证 限额 流量 密钥 存量 风控 产品 储蓄卡 外包 闭环 \
    证书 间连 牌照 分账 条文 最终一致性 助贷 问题 项目 二清 解读 支付 支付宝 主从 刷卡 回调 小贷 微服务 稳定币 API \
    熔断 手续费 快捷支付 成本 信用卡 QPS 对账 条码支付 退款 限流 团队 GC Linux 身份证 发布 死锁 JSON 客户 规模 \
    无感支付 跨境 消息队列 行业 Zookeeper 监控 二维码 理财 细则 镜像 静态码 入口 超时 HTTP 银行卡 签名 K8s Docker \
    降级 数字货币 用户 公司 场景 配置中心 直连 注册中心 灰度 订单 第三方支付 异步通知 外汇 反洗钱 协议支付 Nginx \
    转账 接口 CPU 压测 Spark 告警 补偿 余额 商户 银行 分库分表 汇率 架构 流水 POS机 PHP 缓存 动态码 Oracle XML \
    防刷 网关 报文 Java ES 账户 高并发 收单 业务 提现 可用性 生态 TP99 定时任务 Ⅱ类户 JVM 扫码 现金贷 Dubbo \
    RabbitMQ 吞吐量 TPS 征信 情况 闪付 消费金融 规定 第四方 代收付 办法 清算 MongoDB 代扣 付款码 Netty 方案 贷款 \
    大商户模式 原文 增量 预付卡 数据库 RocketMQ Redis 标准 银联 合规 收款码 聚合支付 规范 Python 费率 文章 NFC SDK \
    瓶颈 红包 加密";
/// Adjectives.
pub const POS_J: &str = "典型 划算 违规 合适 厉害 麻烦 深入 靠谱 清晰 贵 清楚 有用 重要 特殊 成熟 稳定 必要 宽松 明确 \
    合法 方便 可行 简单 慢 危险 快 敏感 奇怪 专业 野蛮 合理 灵活 正规 主流 模糊 落后 传统 难 正常 关键 严格 安全 \
    便宜 常见 合规 复杂 通透";
/// Quantifiers.
pub const POS_Q: &str =
    "新的 部分 几个 两个 所有 那种 不少 每个 其他 一些 老的 大部分 很多 这个 那个 一个 这种";
/// Sentence-final particles.
pub const POS_E: &str = "吗 了 呢 的 哈 呀 啦 啊 哦 嘛 吧";
/// Times.
pub const POS_T: &str = "年底 去年 之前 第一次 当时 刚才 双十一 后来 明天 春节 每次 年初 周五 月底 以前 晚上 上午 \
    目前 以后 周一 最近 明年 周末 今年 下午 每天 昨天 今天 周三";
/// Numbers, rules and amounts.
pub const POS_U: &str = "第三点 千分之六 5000元 两年 1月1日 几百万 296号文 8点半 2018年 12点 3个月 Q1 500元 1000万 \
    0.6% T+0 2017年 Q3 302号文 4-1 T+1 261号文 第二条 265号文 半年 3月31日 D+0 1% 0.38%";
/// Places.
pub const POS_L: &str =
    "上海 香港 日本 新加坡 印度 武汉 南京 苏州 西安 广州 北京 杭州 成都 美国 深圳 东南亚";

/// The slots of the templates, in the order of [`Vocab::pos`].
pub const POS_KEYS: [(char, &str); 10] = [
    ('P', POS_P),
    ('A', POS_A),
    ('V', POS_V),
    ('N', POS_N),
    ('J', POS_J),
    ('Q', POS_Q),
    ('E', POS_E),
    ('T', POS_T),
    ('U', POS_U),
    ('L', POS_L),
];
pub const NOUN: usize = 3;

/// Clause templates: `{X}` is a word of list `X`.
pub const TEMPLATES: &[(u32, &str)] = &[
    (10, "{P}{A}{V}{N}"),
    (8, "{P}{V}{Q}{N}"),
    (6, "{N}{A}{J}"),
    (5, "{N}{A}很{J}"),
    (6, "{P}{A}{V}{N}了"),
    (7, "{A}{V}{N}"),
    (6, "{V}{N}"),
    (4, "{N}的{N}{A}{V}"),
    (3, "如果{P}{V}{N}"),
    (4, "{P}觉得{N}{A}{J}"),
    (4, "{N}是{J}的"),
    (4, "{V}{N}的{N}"),
    (3, "{N}和{N}"),
    (3, "{P}在{V}{N}"),
    (3, "{N}{A}不{V}"),
    (3, "把{N}{V}了"),
    (4, "{N}{V}{N}"),
    (2, "{P}说{N}{A}{V}{N}"),
    (3, "{T}{P}{V}{N}"),
    (2, "{L}那边{A}{V}{N}"),
    (2, "{U}{A}{V}{N}"),
    (3, "{N}{E}"),
    (2, "{P}{A}在{V}{N}{E}"),
    (2, "有没有{P}{V}过{N}"),
    (2, "为什么{N}{A}{V}"),
    (2, "{N}怎么{V}"),
    (2, "{N}是不是{J}"),
    (1, "不是{N}，是{N}"),
    (2, "{Q}{N}都{V}了"),
    (1, "按{U}的规定"),
    (2, "{N}属于{N}"),
    (2, "{P}{A}{V}{U}"),
    (1, "{P}问一下{N}"),
    (2, "{N}{A}{J}{E}"),
    (2, "{Q}{N}"),
    (1, "{N}{N}{N}"),
    (1, "{P}{A}{V}{N}{V}{N}"),
    (1, "{T}{A}{V}{N}和{N}"),
    (1, "{N}的话{P}{A}{V}"),
];

pub const SHORT_REPLIES: &str = "嗯|嗯嗯|好的|好的，谢谢|多谢|谢谢|谢谢分享|同问|同问+1|期待|赞|收到|哈哈哈|哈哈哈哈哈哈|\
    是的|对的|不是|可以|不可以|学习了|受教了|厉害|牛|顶|+1|深圳+1|上海+1|北京+1|改天约饭|??|？|是啊|有道理|明白了|\
    这个好|早上好|晚安|大佬|666|求资料|求分享|已私聊|我也想知道|等等|没错|真的吗？|不知道|应该算吧|看场景|不太行|也算吧|\
    收到收到|学到了|记下了|同意|确实|难说|看情况|得看具体业务|回去研究下|慢慢消化|期待下一期|冒个泡|\
    潜水好久了|欢迎新朋友|欢迎欢迎|大家好|新人报到|哈哈|呵呵|嘿嘿|额|啊？|啥？|什么情况|太难了|我去|服了|稳|妥|OK|ok|\
    好滴|是滴|对滴|懂了|原来如此|长见识了|涨知识了|mark|Mark一下|收藏了|转发一下|求拉群|已加|加我|私聊|在吗|有人吗|\
    晚上好|辛苦了|感谢|感谢分享|感谢大佬|膜拜|跪了|强|棒|优秀|可以的|没问题|不客气|客气了|有点意思|不好说|再看看|先这样|\
    回头聊|明天再说|下班了|开会中|在路上|刚看到|稍等|马上|好嘞";

pub const WECHAT_EMOJI: &str = "强 捂脸 机智 调皮 抱拳 皱眉 握手 偷笑 勾引 擦汗 阴险 呲牙 微笑 撇嘴 色 发呆 得意 流泪 \
    害羞 闭嘴 睡 大哭 尴尬 发怒 惊讶 难过 囧 抓狂 吐 愉快 白眼 傲慢 困 惊恐 流汗 憨笑 悠闲 奋斗 咒骂 疑问 嘘 晕 衰 \
    骷髅 敲打 再见 鼓掌 坏笑 左哼哼 右哼哼 哈欠 鄙视 委屈 快哭了 亲亲 可怜 菜刀 西瓜 啤酒 咖啡 猪头 玫瑰 凋谢 嘴唇 \
    爱心 心碎 蛋糕 炸弹 便便 月亮 太阳 拥抱 弱 胜利 拳头 OK 跳跳 发抖 怄火 转圈 红包 奸笑 耶 吃瓜 加油 汗 天啊 Emm \
    社会社会 旺柴 好的 打脸 哇 翻白眼 666 让我看看 叹气 苦涩 裂开";

pub const EN_SENTENCES: &[&str] = &[
    "Does anyone know how ISO 8583 field 55 is used for IC cards?",
    "LGTM",
    "thanks",
    "ok, got it",
    "PR merged, please review",
    "We use Kafka + Flink for real-time risk control",
    "Is there any open source clearing system?",
    "The callback timeout is 30s by default",
    "Any recommendation for a good payment gateway SDK?",
    "I think it is a compliance issue, not a tech issue",
    "see the doc above",
    "Happy new year everyone!",
    "good morning",
    "Has anyone integrated with Stripe or Adyen?",
    "idempotency key is a must",
    "Who is going to the meetup this weekend?",
    "the settlement file arrives at T+1 02:00",
    "we switched from RabbitMQ to RocketMQ last year",
    "It depends on the business model",
    "sorry, wrong group",
    "Can someone share the slides?",
    "how do you handle duplicate notifications",
    "reconciliation failed again today",
    "nice",
    "agree",
    "+1",
    "lol",
    "WTF",
    "interesting",
    "the API returns 504 under load",
];

pub const MIXED_SENTENCES: &[&str] = &[
    "用的是Spring Cloud，感觉还行",
    "QPS峰值大概5k，TP99在200ms以内",
    "Redis集群挂了，全站都受影响",
    "线上聚合支付用哪家SDK比较稳",
    "请求先进queue，后台worker慢慢消费",
    "appid、secret这些信息都要商户自己录入",
    "这个API的文档写得太烂了",
    "有没有人用过这个协议的？",
    "MQ消息堆积了几百万条",
    "用Go重写之后CPU降了一半",
    "对账文件是T+1早上给的",
    "支付结果以异步notify为准，不要信同步返回",
    "K8s上跑数据库还是算了吧",
    "ES做交易流水查询挺合适的",
    "HTTPS证书过期了，线上全挂",
    "OOM了，dump下来看是大对象",
    "签名用RSA2，别再用MD5了",
    "接口幂等用订单号+状态机就行",
    "JVM参数调了一下，GC停顿好多了",
    "银行的SDK只支持Java 6，绝了",
];

pub const ARTICLE_SITES: &[&str] = &[
    "简书",
    "知乎",
    "CSDN博客",
    "InfoQ",
    "36氪",
    "微信公众平台",
    "博客园",
    "开源中国",
    "掘金",
    "segmentfault",
];
pub const FILE_EXTS: &[&str] = &[
    ".pdf", ".pdf", ".pdf", ".docx", ".doc", ".xlsx", ".pptx", ".zip", ".txt",
];
pub const REPOS: &[&str] = &[
    "pay-gateway",
    "clearing",
    "ledger",
    "docs",
    "sdk",
    "awesome-payment",
];
pub const ENUM_PREFIX: &[&str] = &[
    "1、", "2、", "3、", "（1）", "（2）", "（3）", "一、", "二、", "三、", "Q1：", "Q2：", "Q3：",
    "A：", "- ", "* ",
];
pub const TOKEN_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
pub const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

pub const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐沿梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵欧阳";
pub const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣佳怡晨阳雪倩婷琳瑶颖思文博昊然子轩梓涵一诺雨泽浩宇皓轩晓东雄峰森冬莎启荣松新瑾烽昱月亮云飞海波志刚建国卫东小";
pub const NICK_CJK: &str = "青柠汽水 小蘑菇 月光宝盒 半糖去冰 晚风 山竹 柚子茶 不吃香菜 \
    豆沙包 橘子汽水 荔枝冰 南瓜粥 栗子 海盐芝士 云朵 麦穗 小满 惊蛰 \
    白露 谷雨 芒种 松鼠 刺猬 河豚 企鹅 海獭 仓鼠 考拉 羊驼 柴犬 布丁 \
    年糕 汤圆 粽子 月饼 糖葫芦 煎饼果子 葱油饼 豆浆 小笼包 冰糖雪梨 \
    桂花糕 抹茶 可可 蓝莓酱";
pub const EN_NAMES: &str = "Quokka Pixelmoth Nimbus Tofu Biscuit Wombat Cobalt Juniper Marzipan Orbit Pebble Quasar \
    Saffron Tamarind Umber Velvet Whisk Yarrow Zinnia Acorn Bramble Cinder Dapple Ember Fennel \
    Gusto Hazel Indigo Jasper Kelp Lumen Mosaic Nutmeg Opal Pippin Quill Rook Sorrel Thistle \
    Ursa Vesper Wren Xylo Yonder Zest Basil Clove Drift Fjord Glint Harbor Jolt Kite Loom Maple \
    Nebulon Oat Plume Quartz Ripple Sprout Tundra";
pub const PINYIN: &str = "zhang wang li zhao liu chen yang huang zhou wu xu sun ma zhu hu guo he gao lin luo zheng liang \
    xie tang han feng deng cao peng zeng xiao tian dong yuan pan jiang cai yu du ye cheng su wei lv ding ren shen yao lu \
    jiang cui zhong tan fan jin shi liao jia xia fu fang bai zou meng xiong qin qiu tao hong xiaoyu mumu dada keke \
    tiger moon sky star fish cat dog bear wolf king boy girl man";
pub const ORGS: &str = "云杉支付 青石银行 北辰金服 星河科技 蓝鲸数科 远山信息 橙果支付 \
    银杏银行 松果金融 海棠科技 晨曦支付 鲲鹏数据 枫叶银行 竹林金服 \
    白鹭科技 麒麟支付 流云金融 石榴银行 栖霞数科 长风科技 暖阳支付 \
    苍穹信息 玄武银行 朱雀金服 赤兔支付 求职中 自由职业 某银行 \
    某支付 某券商 某保险 某电商 某小贷";
pub const ROLES: &str = "产品 开发 研发 架构师 副总裁 CTO PM 产品经理 测试 运营 风控 合规 清算 打杂人员 总监 实习生 技术 \
    销售 BD 咨询 创始人 CEO 研究员 分析师 律师 架构 后端 前端 运维 DBA 技术总监";
pub const CITIES: &str =
    "北京 上海 深圳 广州 杭州 成都 南京 苏州 武汉 西安 厦门 重庆 天津 BJ SH SZ HZ 香港";

/// Relative activity by hour of the day.
pub const HOUR_PROFILE: [f64; 24] = [
    1.0, 0.5, 0.3, 0.2, 0.2, 0.4, 2.0, 5.0, 9.0, 12.0, 12.0, 10.0, 7.0, 8.0, 11.0, 12.0, 12.0,
    11.0, 8.0, 8.0, 10.0, 11.0, 9.0, 4.0,
];

pub const END_PUNCT: &[(u32, &str)] = &[
    (18, ""),
    (30, "。"),
    (12, "？"),
    (5, "！"),
    (5, "。。。"),
    (3, "..."),
    (3, "~"),
    (2, "？？"),
    (2, "！！"),
    (3, "……"),
    (3, "吧"),
    (2, "啊"),
    (1, "。。。。。"),
    (2, "了"),
];
pub const CLAUSES_PER_SENTENCE: &[(u32, usize)] = &[(45, 1), (30, 2), (15, 3), (7, 4), (3, 5)];
pub const PARAGRAPH_SEPS: &[(u32, &str)] = &[
    (50, "，"),
    (30, "。"),
    (4, "？"),
    (3, "！"),
    (3, "；"),
    (3, "、"),
    (2, "。。。"),
    (2, "……"),
    (2, " "),
    (1, "~"),
];
